package org.l2o.policies.analytical;

import java.util.List;
import org.l2o.policies.Moments;
import org.l2o.policies.Moments.Decay;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original's {@code AdamOptimizer} (spec §4.4): Adam with a <em>constant</em> bias correction and
 * epsilon inside the square root, so it is not true Adam.
 *
 * <pre>
 * m' = b1 m + (1 - b1) g;   v' = b2 v + (1 - b2) g^2
 * delta = lr * (m' / (1 - b1)) / sqrt(v' / (1 - b2) + eps)
 * </pre>
 *
 * Step 1 gives {@code lr * g / sqrt(g^2 + eps)}, i.e. about {@code lr * sign(g)}. State: {@code m, v}.
 */
public final class AdamRule extends MomentRule {
  /** The original's class name. */
  public static final String CLASS_NAME = "Adam";
  /** Default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;

  /** Adam with the class defaults. */
  public AdamRule() {
    this("adam", DEFAULT_LEARNING_RATE, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /**
   * @param name         rule name for logs and op names
   * @param learningRate learning rate
   * @param beta1        first-moment decay in [0, 1)
   * @param beta2        second-moment decay in [0, 1)
   * @param epsilon      added to the corrected second moment inside the square root
   */
  public AdamRule(String name, double learningRate, double beta1, double beta2, double epsilon) {
    super(CLASS_NAME, name, learningRate, beta1, beta2, epsilon);
  }

  @Override
  public Step step(Ops tf, StepInput input) {
    Decay d1 = Decay.of(beta1());
    Decay d2 = Decay.of(beta2());
    Moments.Adam next = Moments.adam(tf, state(input, 0), state(input, 1), input.grad(), d1, d2);
    Operand<TFloat32> mHat = Moments.constantCorrection(tf, next.m(), d1);
    Operand<TFloat32> vHat = Moments.constantCorrection(tf, next.v(), d2);
    Operand<TFloat32> delta = tf.math.mul(scalar(tf, learningRate()),
        tf.math.div(mHat, Moments.rootWithEpsilonInside(tf, vHat, epsilon())));
    return new Step(delta, List.of(next.m(), next.v()));
  }
}
