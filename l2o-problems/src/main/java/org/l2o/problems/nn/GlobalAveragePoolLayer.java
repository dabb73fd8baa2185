package org.l2o.problems.nn;

import java.util.List;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Keras {@code GlobalAveragePooling2D}: the mean over H and W, [H, W, C] to [C]; no parameters. */
public record GlobalAveragePoolLayer() implements Layer {

  @Override
  public String kind() {
    return "gap";
  }

  @Override
  public Shape outputShape(Shape input) {
    Conv2DLayer.requireImage(input);
    return Shape.of(input.get(2));
  }

  @Override
  public List<ParamSpec> params(String prefix, Shape input) {
    return List.of();
  }

  @Override
  public <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }
}
