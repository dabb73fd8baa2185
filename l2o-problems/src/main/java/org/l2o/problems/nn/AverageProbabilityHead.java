package org.l2o.problems.nn;

import java.util.List;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The original's {@code AveragePoolingAll} after a softmax convolution (the "average" head of
 * {@code conv_classifier}, spec §3.3), returned as the logits that give the original's loss: the mean over
 * H and W of per-pixel class probabilities p, then ln(clip(p, 1e-7, 1 - 1e-7)). The original's output is a
 * mean, not a Softmax op, so Keras' sparse cross-entropy clips the probabilities to [ε, 1 − ε] (ε = 1e-7) and
 * takes their log as logits (spec §3.2); the stable softmax cross-entropy of these logits is exactly that
 * loss, and their argmax is the original's prediction. No parameters.
 */
public record AverageProbabilityHead() implements Layer {

  /** Keras' {@code backend.epsilon()}, the clip of probabilities before their log. */
  public static final float KERAS_EPSILON = 1e-7f;

  @Override
  public String kind() {
    return "average";
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
    Operand<T> mean = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    Operand<T> lo = tf.dtypes.cast(tf.constant(KERAS_EPSILON), mean.type());
    Operand<T> hi = tf.dtypes.cast(tf.constant(1f - KERAS_EPSILON), mean.type());
    return tf.math.log(tf.clipByValue(mean, lo, hi));
  }
}
