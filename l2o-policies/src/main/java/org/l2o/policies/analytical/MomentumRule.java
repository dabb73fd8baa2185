package org.l2o.policies.analytical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.policies.Moments;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original's {@code MomentumOptimizer} (spec §4.4): momentum as an exponential moving average,
 * not Keras heavy-ball momentum; the effective learning rate is {@code lr}, not {@code lr / (1 - beta)}.
 *
 * <pre>
 * mu' = b1 mu + (1 - b1) g
 * delta = lr * mu'
 * </pre>
 *
 * State: {@code m}.
 */
public final class MomentumRule extends AnalyticalRule {
  /** The original's class name. */
  public static final String CLASS_NAME = "Momentum";
  /** Default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** Default decay of the moving average. */
  public static final double DEFAULT_BETA_1 = 0.9;

  private final double beta1;

  /** Momentum with the class defaults. */
  public MomentumRule() {
    this("momentum", DEFAULT_LEARNING_RATE, DEFAULT_BETA_1);
  }

  /**
   * @param name         rule name for logs and op names
   * @param learningRate learning rate
   * @param beta1        decay of the moving average in [0, 1)
   */
  public MomentumRule(String name, double learningRate, double beta1) {
    super(CLASS_NAME, name, learningRate);
    this.beta1 = beta1;
  }

  /** {@return the decay of the moving average} */
  public double beta1() {
    return beta1;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("m");
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("learning_rate", learningRate());
    c.put("beta_1", beta1);
    return c;
  }

  @Override
  public Step step(Ops tf, StepInput input) {
    Operand<TFloat32> m = Moments.ema(tf, state(input, 0), input.grad(), Moments.Decay.of(beta1));
    return new Step(tf.math.mul(scalar(tf, learningRate()), m), List.of(m));
  }
}
