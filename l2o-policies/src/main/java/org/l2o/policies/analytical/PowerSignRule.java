package org.l2o.policies.analytical;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original's differentiable {@code PowerSignOptimizer} (spec §4.4):
 * {@code delta = lr * exp(tanh(g/s) * tanh(m'/s)) * g}, see {@link SignRule}.
 */
public final class PowerSignRule extends SignRule {
  /** The original's class name. */
  public static final String CLASS_NAME = "PowerSign";

  /** PowerSign with the class defaults. */
  public PowerSignRule() {
    this("powersign", DEFAULT_LEARNING_RATE, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON, DEFAULT_TEMPERATURE);
  }

  /**
   * PowerSign with the given hyper-parameters.
   *
   * @param name rule name for logs and op names
   * @param learningRate learning rate
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   * @param epsilon added to the second moment inside the square root
   * @param temperature kept for the config only; it does not enter the update
   */
  public PowerSignRule(
      String name, double learningRate, double beta1, double beta2, double epsilon, double temperature) {
    super(CLASS_NAME, name, learningRate, beta1, beta2, epsilon, temperature);
  }

  @Override
  protected Operand<TFloat32> factor(Ops tf, Operand<TFloat32> agreement) {
    return tf.math.exp(agreement);
  }
}
