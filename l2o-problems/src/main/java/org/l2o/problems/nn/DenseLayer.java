package org.l2o.problems.nn;

import java.util.List;
import java.util.Objects;
import org.l2o.core.policy.Initializers;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Keras-style Dense after Flatten: the input example is flattened row-major (for images NHWC, index
 * (h, w, c), the Keras {@code Flatten} order) to D values; act(x W + b) with kernel [D, units]
 * Glorot-uniform and bias [units] zeros.
 *
 * @param units      output width
 * @param activation applied after the bias ({@link Activation#LINEAR} for a logits head)
 */
public record DenseLayer(int units, Activation activation) implements Layer {

  public DenseLayer {
    if (units < 1) {
      throw new IllegalArgumentException("Dense needs units >= 1, got " + units);
    }
    Objects.requireNonNull(activation, "activation");
  }

  @Override
  public String kind() {
    return "dense";
  }

  @Override
  public Shape outputShape(Shape input) {
    flatSize(input);
    return Shape.of(units);
  }

  @Override
  public List<ParamSpec> params(String prefix, Shape input) {
    return List.of(
        new ParamSpec(prefix + "/kernel", Shape.of(flatSize(input), units), Initializers.glorotUniform()),
        new ParamSpec(prefix + "/bias", Shape.of(units), Initializers.zeros()));
  }

  @Override
  public <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x) {
    Operand<T> flat = x;
    if (x.shape().numDimensions() != 2) {
      long d = params.get(0).shape().numDimensions() == 2 ? params.get(0).shape().get(0) : -1;
      // A static [-1, D] keeps shapes known; without a static kernel shape, flatten dynamically.
      if (d > 0) {
        flat = tf.reshape(x, tf.constant(new long[] {-1, d}));
      } else {
        Operand<TInt64> batch = tf.gather(tf.shape(x, TInt64.class), tf.constant(0), tf.constant(0));
        flat = tf.reshape(x, tf.stack(List.of(batch, tf.constant(-1L))));
      }
    }
    return activation.apply(tf, tf.nn.biasAdd(tf.linalg.matMul(flat, params.get(0)), params.get(1)));
  }

  private static long flatSize(Shape input) {
    if (input.isUnknown() || input.hasUnknownDimension() || input.numDimensions() < 1) {
      throw new IllegalArgumentException("Dense needs a known input shape, got " + input);
    }
    return input.size();
  }
}
