package org.l2o.problems.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Keras {@code BatchNormalization} over the channel axis of NHWC activations with its defaults (momentum 0.99,
 * epsilon 1e-3, gamma and beta trainable, moving mean 0 and moving variance 1 at the start), as a pure function of
 * explicit tensors. Training normalises with the batch statistics over [batch, H, W] (biased variance) and returns
 * the moving averages updated as Keras' fused kernel does, {@code moving = momentum * moving + (1 - momentum) *
 * batch}, with the Bessel-corrected batch variance ({@code n / (n - 1)}, n = batch * H * W); inference normalises
 * with the moving averages and leaves them unchanged. The next moving averages carry no gradient.
 *
 * <p>The moving variance is held as its offset from 1 ({@code moving_variance - 1}), so that the all-zero model state
 * every problem starts from ({@link org.l2o.core.policy.StateSpec}) is Keras' initial state.
 *
 * @param momentum of the moving averages
 * @param epsilon  added to the variance
 */
public record BatchNorm(double momentum, double epsilon) {

  /** Keras' default momentum. */
  public static final double KERAS_MOMENTUM = 0.99;
  /** Keras' default epsilon. */
  public static final double KERAS_EPSILON = 1e-3;

  /** Keras' defaults. */
  public static BatchNorm keras() {
    return new BatchNorm(KERAS_MOMENTUM, KERAS_EPSILON);
  }

  public BatchNorm {
    if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0)) {
      throw new IllegalArgumentException("batch norm needs momentum in [0, 1] and epsilon > 0, got " + momentum
          + ", " + epsilon);
    }
  }

  /**
   * The normalised activations and the next moving statistics.
   *
   * @param y                  [B, H, W, C]
   * @param movingMean         [C]
   * @param movingVarianceLess1 [C], moving variance minus 1
   * @param <T>                float32 or float64
   */
  public record Normalized<T extends TFloating>(Operand<T> y, Operand<T> movingMean, Operand<T> movingVarianceLess1) {}

  /**
   * Builds the layer.
   *
   * @param x                   [B, H, W, C] activations
   * @param gamma               [C] scale
   * @param beta                [C] offset
   * @param movingMean          [C]
   * @param movingVarianceLess1 [C], moving variance minus 1
   * @param training            batch statistics and updated averages, or the moving averages
   */
  public <T extends TFloating> Normalized<T> apply(Ops tf, Operand<T> x, Operand<T> gamma, Operand<T> beta,
      Operand<T> movingMean, Operand<T> movingVarianceLess1, boolean training) {
    Operand<T> one = tf.dtypes.cast(tf.constant(1.0), x.type());
    Operand<T> eps = tf.dtypes.cast(tf.constant(epsilon), x.type());
    if (!training) {
      Operand<T> variance = tf.math.add(movingVarianceLess1, one);
      Operand<T> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, eps)), gamma);
      return new Normalized<>(tf.math.add(tf.math.mul(tf.math.sub(x, movingMean), scale), beta), movingMean,
          movingVarianceLess1);
    }
    Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {0, 1, 2});
    Operand<T> mean = tf.math.mean(x, axes);
    Operand<T> centred = tf.math.sub(x, mean);
    Operand<T> variance = tf.math.mean(tf.math.square(centred), axes);
    Operand<T> y = tf.math.add(tf.math.mul(centred, tf.math.mul(tf.math.rsqrt(tf.math.add(variance, eps)), gamma)),
        beta);
    long n = x.shape().get(0) * x.shape().get(1) * x.shape().get(2);
    if (n < 2 || x.shape().hasUnknownDimension()) {
      throw new IllegalArgumentException("batch norm in training needs a static [B, H, W, C] with B*H*W >= 2, got "
          + x.shape());
    }
    Operand<T> m = tf.dtypes.cast(tf.constant(momentum), x.type());
    Operand<T> f = tf.dtypes.cast(tf.constant(1 - momentum), x.type());
    Operand<T> unbiased = tf.math.mul(tf.stopGradient(variance), tf.dtypes.cast(tf.constant((double) n / (n - 1)),
        x.type()));
    Operand<T> nextMean = tf.math.add(tf.math.mul(movingMean, m), tf.math.mul(tf.stopGradient(mean), f));
    Operand<T> nextVar = tf.math.add(tf.math.mul(movingVarianceLess1, m), tf.math.mul(tf.math.sub(unbiased, one), f));
    return new Normalized<>(y, tf.stopGradient(nextMean), tf.stopGradient(nextVar));
  }

  /** The two state tensors' names under {@code prefix}: moving mean, moving variance minus 1. */
  public static List<String> stateNames(String prefix) {
    return List.of(prefix + "/moving_mean", prefix + "/moving_variance_minus_1");
  }
}
