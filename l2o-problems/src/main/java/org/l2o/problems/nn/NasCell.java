package org.l2o.problems.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.l2o.core.policy.Initializers;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The branched cell of the original's {@code nas_classifier} (spec §9.3): with conv a new 3x3 stride-1
 * SAME convolution of {@code filters} channels with bias and activation each time,
 * <pre>n0 = conv(x); n1 = conv(n0); n2 = AvgPool2x2(stride 1, SAME)(n1) + conv(n0); n3 = n0 + conv(conv(n1)) + n2</pre>
 * returning n3 [H, W, filters]. The average pool excludes the padded cells from each mean (spec §17), as
 * TensorFlow's {@code AvgPool} with SAME padding does. Parameters: the five convolutions' [kernel, bias] in
 * the order the original creates them (n0, n1, the conv of n2, then the two of n3), named
 * {@code <prefix>/conv_<i>/kernel}.
 *
 * @param filters    channels of every convolution
 * @param activation of every convolution
 */
public record NasCell(int filters, Activation activation) implements Layer {

  /** Number of convolutions in the cell. */
  public static final int CONVS = 5;

  public NasCell {
    if (filters < 1) {
      throw new IllegalArgumentException("NAS cell needs filters >= 1, got " + filters);
    }
    Objects.requireNonNull(activation, "activation");
  }

  @Override
  public String kind() {
    return "nas";
  }

  @Override
  public Shape outputShape(Shape input) {
    Conv2DLayer.requireImage(input);
    return Shape.of(input.get(0), input.get(1), filters);
  }

  @Override
  public List<ParamSpec> params(String prefix, Shape input) {
    Conv2DLayer.requireImage(input);
    List<ParamSpec> out = new ArrayList<>();
    for (int i = 0; i < CONVS; i++) {
      long in = i == 0 ? input.get(2) : filters;
      out.add(new ParamSpec(prefix + "/conv_" + i + "/kernel", Shape.of(3, 3, in, filters),
          Initializers.glorotUniform()));
      out.add(new ParamSpec(prefix + "/conv_" + i + "/bias", Shape.of(filters), Initializers.zeros()));
    }
    return out;
  }

  @Override
  public <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x) {
    Operand<T> n0 = conv(tf, params, 0, x);
    Operand<T> n1 = conv(tf, params, 1, n0);
    List<Long> window = List.of(1L, 2L, 2L, 1L);
    List<Long> unit = List.of(1L, 1L, 1L, 1L);
    Operand<T> n2 = tf.math.add(tf.nn.avgPool(n1, window, unit, "SAME"), conv(tf, params, 2, n0));
    Operand<T> n3 = tf.math.add(tf.math.add(n0, conv(tf, params, 4, conv(tf, params, 3, n1))), n2);
    return n3;
  }

  private <T extends TFloating> Operand<T> conv(Ops tf, List<? extends Operand<T>> params, int i, Operand<T> x) {
    List<Long> unit = List.of(1L, 1L, 1L, 1L);
    Operand<T> z = tf.nn.biasAdd(tf.nn.conv2d(x, params.get(2 * i), unit, "SAME"), params.get(2 * i + 1));
    return activation.apply(tf, z);
  }
}
