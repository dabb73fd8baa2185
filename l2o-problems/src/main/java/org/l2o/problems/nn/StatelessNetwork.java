package org.l2o.problems.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A sequential network over explicit parameter tensors (spec §3.3): the concatenation of the layers'
 * [kernel, bias] lists is the parameter list; parameters are named {@code <kind>_<i>/kernel} with i
 * counting layers of the same kind ({@code conv_0/kernel}, {@code conv_0/bias}, ...,
 * {@code dense_0/kernel}). Shapes are checked once, at construction.
 */
public final class StatelessNetwork {

  private final Shape inputShape;
  private final List<Layer> layers;
  private final List<List<ParamSpec>> layerParams;
  private final List<ParamSpec> params;
  private final Shape outputShape;

  /**
   * @param inputShape one example's shape, e.g. [28, 28, 1]
   * @param layers     applied in order
   * @throws IllegalArgumentException if a layer does not fit its input
   */
  public StatelessNetwork(Shape inputShape, List<? extends Layer> layers) {
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    this.layers = List.copyOf(layers);
    Map<String, Integer> counts = new HashMap<>();
    List<List<ParamSpec>> perLayer = new ArrayList<>();
    List<ParamSpec> all = new ArrayList<>();
    Shape s = inputShape;
    for (Layer layer : this.layers) {
      int i = counts.merge(layer.kind(), 1, Integer::sum) - 1;
      List<ParamSpec> p = layer.params(layer.kind() + "_" + i, s);
      perLayer.add(p);
      all.addAll(p);
      s = layer.outputShape(s);
    }
    this.layerParams = List.copyOf(perLayer);
    this.params = List.copyOf(all);
    this.outputShape = s;
  }

  /** One example's input shape. */
  public Shape inputShape() {
    return inputShape;
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** Parameter tensors in order: [kernel, bias] per layer with parameters. */
  public List<ParamSpec> params() {
    return params;
  }

  /** One example's output shape (e.g. [classes]). */
  public Shape outputShape() {
    return outputShape;
  }

  /** Total number of scalar parameters. */
  public long parameterCount() {
    return params.stream().mapToLong(ParamSpec::size).sum();
  }

  /**
   * Builds the network.
   *
   * @param params one tensor per {@link #params()} entry, same order and shapes
   * @param x      a batch [batch, ...inputShape]
   * @return [batch, ...outputShape]
   */
  public <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x) {
    if (params.size() != this.params.size()) {
      throw new IllegalArgumentException("network has " + this.params.size() + " parameter tensors, got "
          + params.size());
    }
    int k = 0;
    Operand<T> h = x;
    for (int i = 0; i < layers.size(); i++) {
      int n = layerParams.get(i).size();
      h = layers.get(i).apply(tf, params.subList(k, k + n), h);
      k += n;
    }
    return h;
  }
}
