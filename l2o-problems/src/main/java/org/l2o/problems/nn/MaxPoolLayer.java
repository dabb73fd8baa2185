package org.l2o.problems.nn;

import java.util.List;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Keras MaxPooling2D(p): window p x p, stride p, VALID; no parameters. Output size floor((H - p) / p) + 1.
 *
 * @param size window side and stride p
 */
public record MaxPoolLayer(int size) implements Layer {

  public MaxPoolLayer {
    if (size < 1) {
      throw new IllegalArgumentException("MaxPool size must be >= 1, got " + size);
    }
  }

  @Override
  public String kind() {
    return "pool";
  }

  @Override
  public Shape outputShape(Shape input) {
    Conv2DLayer.requireImage(input);
    if (input.get(0) < size || input.get(1) < size) {
      throw new IllegalArgumentException("MaxPool " + size + " does not fit input " + input);
    }
    return Shape.of((input.get(0) - size) / size + 1, (input.get(1) - size) / size + 1, input.get(2));
  }

  @Override
  public List<ParamSpec> params(String prefix, Shape input) {
    return List.of();
  }

  @Override
  public <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x) {
    Operand<TInt32> window = tf.constant(new int[] {1, size, size, 1});
    return tf.nn.maxPool(x, window, window, "VALID");
  }
}
