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
    /** {@code 1 - beta} computed in double and rounded (the analytical rules and the Keras baselines). */
    public static Decay of(double beta) {
      return new Decay((float) beta, (float) (1.0 - beta));
    }

    /** {@code 1 - beta} computed in float32 from the rounded beta (RNNProp's preprocessing). */
    public static Decay float32(double beta) {
      float b = (float) beta;
      return new Decay(b, 1f - b);
    }
  }

  /** First and second moments after one step. */
  public record Adam(Operand<TFloat32> m, Operand<TFloat32> v) {}

  /** {@code beta * old + (1 - beta) * x} (optax {@code update_moment}). */
  public static Operand<TFloat32> ema(Ops tf, Operand<TFloat32> old, Operand<TFloat32> x, Decay decay) {
    return tf.math.add(tf.math.mul(tf.constant(decay.beta()), old), tf.math.mul(tf.constant(decay.complement()), x));
  }

  /** The moments of Adam: {@code m' = ema(m, g, b1)} and {@code v' = ema(v, g^2, b2)}. */
  public static Adam adam(Ops tf, Operand<TFloat32> m, Operand<TFloat32> v, Operand<TFloat32> g, Decay beta1,
      Decay beta2) {
    return new Adam(ema(tf, m, g, beta1), ema(tf, v, tf.math.square(g), beta2));
  }

  /**
   * The original's constant bias correction {@code moment / (1 - beta)} (spec §4.3, §4.4), not the
   * step-dependent {@code 1 - beta^t} of true Adam.
   */
  public static Operand<TFloat32> constantCorrection(Ops tf, Operand<TFloat32> moment, Decay decay) {
    return tf.math.div(moment, tf.constant(decay.complement()));
  }

  /** {@code sqrt(v + eps)}: epsilon inside the root, as the original's own rules put it. */
  public static Operand<TFloat32> rootWithEpsilonInside(Ops tf, Operand<TFloat32> v, double epsilon) {
    return tf.math.sqrt(tf.math.add(v, tf.constant((float) epsilon)));
  }
}
