package org.l2o.policies;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The exponential moving averages and normalisations that the Adam-like rules share (the original's Adam,
 * RMSProp, Momentum, PowerSign/AddSign, RNNProp's input preprocessing, the Keras baselines), in the spirit of
 * optax's {@code update_moment} and {@code scale_by_adam}. Each helper builds exactly the ops the rules built
 * before, in the same order and with the same float32 constants, so no numeric result changes.
 */
public final class Moments {
  private Moments() {}

  /**
   * A decay rate and its complement as float32 graph constants. Where the complement is rounded matters in the
   * last bit, so the two ways the rules compute it are kept apart.
   *
   * @param beta       the decay as a float32 constant
   * @param complement {@code 1 - beta} as a float32 constant
   */
  public record Decay(float beta, float complement) {
    /**
     * {@code 1 - beta} computed in double and rounded (the analytical rules and the Keras baselines).
     *
     * @param beta the decay
     * @return the decay rounded to float32 and {@code (float) (1 - beta)}
     */
    public static Decay of(double beta) {
      return new Decay((float) beta, (float) (1.0 - beta));
    }

    /**
     * {@code 1 - beta} computed in float32 from the rounded beta (RNNProp's preprocessing).
     *
     * @param beta the decay
     * @return {@code b = (float) beta} and {@code 1f - b}
     */
    public static Decay float32(double beta) {
      float b = (float) beta;
      return new Decay(b, 1f - b);
    }
  }

  /**
   * First and second moments after one step.
   *
   * @param m the first moment
   * @param v the second moment
   */
  public record Adam(Operand<TFloat32> m, Operand<TFloat32> v) {}

  /**
   * {@code beta * old + (1 - beta) * x} (optax {@code update_moment}).
   *
   * @param tf the ops factory of the graph being built
   * @param old the moment before the step
   * @param x the new observation, the shape of {@code old}
   * @param decay the decay beta and its complement
   * @return the updated moment
   */
  public static Operand<TFloat32> ema(Ops tf, Operand<TFloat32> old, Operand<TFloat32> x, Decay decay) {
    return tf.math.add(tf.math.mul(tf.constant(decay.beta()), old), tf.math.mul(tf.constant(decay.complement()), x));
  }

  /**
   * The moments of Adam: {@code m' = ema(m, g, b1)} and {@code v' = ema(v, g^2, b2)}.
   *
   * @param tf the ops factory of the graph being built
   * @param m the first moment before the step
   * @param v the second moment before the step
   * @param g the gradient, the shape of {@code m}
   * @param beta1 decay of the first moment
   * @param beta2 decay of the second moment
   * @return the updated first and second moments
   */
  public static Adam adam(Ops tf, Operand<TFloat32> m, Operand<TFloat32> v, Operand<TFloat32> g, Decay beta1,
      Decay beta2) {
    return new Adam(ema(tf, m, g, beta1), ema(tf, v, tf.math.square(g), beta2));
  }

  /**
   * The original's constant bias correction {@code moment / (1 - beta)} (spec §4.3, §4.4), not the
   * step-dependent {@code 1 - beta^t} of true Adam.
   *
   * @param tf the ops factory of the graph being built
   * @param moment the moment to correct
   * @param decay the moment's decay
   * @return {@code moment / (1 - beta)}
   */
  public static Operand<TFloat32> constantCorrection(Ops tf, Operand<TFloat32> moment, Decay decay) {
    return tf.math.div(moment, tf.constant(decay.complement()));
  }

  /**
   * {@code sqrt(v + eps)}: epsilon inside the root, as the original's own rules put it.
   *
   * @param tf the ops factory of the graph being built
   * @param v the second moment
   * @param epsilon added to {@code v} before the square root
   * @return {@code sqrt(v + eps)}, the shape of {@code v}
   */
  public static Operand<TFloat32> rootWithEpsilonInside(Ops tf, Operand<TFloat32> v, double epsilon) {
    return tf.math.sqrt(tf.math.add(v, tf.constant((float) epsilon)));
  }
}
