package org.l2o.problems.nn;

import java.util.List;
import java.util.Objects;
import org.l2o.core.policy.Initializers;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Keras-style Conv2D: VALID padding, NHWC, square kernel and stride, act(conv(x, W) + b). Kernel
 * [k, k, C_in, filters] Glorot-uniform, bias [filters] zeros. Output size floor((H - k) / s) + 1.
 *
 * @param filters    output channels
 * @param kernel     kernel side k
 * @param stride     stride s in both directions
 * @param activation applied after the bias
 */
public record Conv2DLayer(int filters, int kernel, int stride, Activation activation) implements Layer {

  public Conv2DLayer {
    if (filters < 1 || kernel < 1 || stride < 1) {
      throw new IllegalArgumentException("Conv2D needs filters, kernel and stride >= 1, got [" + filters + ", "
          + kernel + ", " + stride + "]");
    }
    Objects.requireNonNull(activation, "activation");
  }

  @Override
  public String kind() {
    return "conv";
  }

  @Override
  public Shape outputShape(Shape input) {
    requireImage(input);
    long h = (input.get(0) - kernel) / stride + 1;
    long w = (input.get(1) - kernel) / stride + 1;
    if (input.get(0) < kernel || input.get(1) < kernel) {
      throw new IllegalArgumentException("Conv2D kernel " + kernel + " does not fit input " + input);
    }
    return Shape.of(h, w, filters);
  }

  @Override
  public List<ParamSpec> params(String prefix, Shape input) {
    requireImage(input);
    return List.of(
        new ParamSpec(prefix + "/kernel", Shape.of(kernel, kernel, input.get(2), filters), Initializers.glorotUniform()),
        new ParamSpec(prefix + "/bias", Shape.of(filters), Initializers.zeros()));
  }

  @Override
  public <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x) {
    List<Long> s = List.of(1L, (long) stride, (long) stride, 1L);
    Operand<T> z = tf.nn.biasAdd(tf.nn.conv2d(x, params.get(0), s, "VALID"), params.get(1));
    return activation.apply(tf, z);
  }

  static void requireImage(Shape input) {
    if (input.numDimensions() != 3 || input.hasUnknownDimension()) {
      throw new IllegalArgumentException("expected a known image shape [H, W, C], got " + input);
    }
  }
}
