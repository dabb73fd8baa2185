package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How an optimizee's parameter tensors sit in one flat vector of N scalars: the meta-training engine keeps
 * every trajectory as a single [N] tensor (one feed, one gradient, one distance) and cuts views of the
 * individual tensors where the network or a tensor-aware policy needs them.
 */
public final class ParameterLayout {
  private final List<ParamSpec> specs;
  private final long[] offsets;
  private final long total;

  /** @param specs the problem's parameters, in order */
  public ParameterLayout(List<ParamSpec> specs) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a problem needs at least one parameter tensor");
    }
    this.specs = List.copyOf(specs);
    this.offsets = new long[specs.size() + 1];
    for (int i = 0; i < specs.size(); i++) {
      offsets[i + 1] = offsets[i] + specs.get(i).size();
    }
    this.total = offsets[specs.size()];
  }

  /** {@return the parameter tensors} */
  public List<ParamSpec> specs() {
    return specs;
  }

  /** {@return the number of tensors} */
  public int tensors() {
    return specs.size();
  }

  /** {@return the total number of scalars N} */
  public long size() {
    return total;
  }

  /**
   * Offset of tensor {@code i} in the flat vector.
   *
   * @param i the tensor's index
   * @return the offset, in scalars
   */
  public long offset(int i) {
    return offsets[i];
  }

  /**
   * Shape of tensor {@code i}.
   *
   * @param i the tensor's index
   * @return the shape
   */
  public Shape shape(int i) {
    return specs.get(i).shape();
  }

  /**
   * Cuts a flat [N] tensor into the parameter tensors, each reshaped to its own shape.
   *
   * @param tf the ops factory of the graph being built
   * @param flat the flat [N] tensor
   * @return one tensor per parameter, in {@link #specs()} order
   */
  public List<Operand<TFloat32>> split(Ops tf, Operand<TFloat32> flat) {
    List<Operand<TFloat32>> parts = flatParts(tf, flat);
    List<Operand<TFloat32>> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      out.add(tf.reshape(parts.get(i), tf.constant(shape(i).asArray())));
    }
    return out;
  }

  /**
   * Cuts a flat [N] tensor into one flat [size_i] piece per parameter tensor.
   *
   * @param tf the ops factory of the graph being built
   * @param flat the flat [N] tensor
   * @return one [size_i] piece per parameter, in {@link #specs()} order
   */
  public List<Operand<TFloat32>> flatParts(Ops tf, Operand<TFloat32> flat) {
    if (specs.size() == 1) {
      return List.of(flat);
    }
    long[] sizes = new long[specs.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = specs.get(i).size();
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    tf.splitV(flat, tf.constant(sizes), tf.constant(0), (long) sizes.length).forEach(out::add);
    return out;
  }

  /**
   * Joins per-tensor pieces (any shapes, in order) back into one flat [N] tensor.
   *
   * @param tf the ops factory of the graph being built
   * @param parts one piece per parameter, in {@link #specs()} order
   * @return the flat [N] tensor
   */
  public Operand<TFloat32> concat(Ops tf, List<? extends Operand<TFloat32>> parts) {
    if (parts.size() != specs.size()) {
      throw new IllegalArgumentException("expected " + specs.size() + " parts, got " + parts.size());
    }
    if (parts.size() == 1) {
      return tf.reshape(parts.get(0), tf.constant(new long[] {total}));
    }
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (Operand<TFloat32> p : parts) {
      flat.add(tf.reshape(p, tf.constant(new long[] {-1})));
    }
    return tf.concat(flat, tf.constant(0));
  }
}
