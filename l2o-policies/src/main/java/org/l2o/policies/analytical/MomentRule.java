package org.l2o.policies.analytical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An analytical rule with Adam-style moments {@code m, v} (Adam, PowerSign, AddSign): the hyper-parameters
 * {@code beta_1, beta_2, epsilon}, the state names and the common part of the config. Subclasses give the step.
 */
public abstract class MomentRule extends AnalyticalRule {
  /** Default first-moment decay. */
  public static final double DEFAULT_BETA_1 = 0.9;
  /** Default second-moment decay. */
  public static final double DEFAULT_BETA_2 = 0.999;
  /** Default epsilon (inside the square root). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double beta1;
  private final double beta2;
  private final double epsilon;

  /**
   * @param className    the original's class name
   * @param name         rule name for logs and op names
   * @param learningRate learning rate
   * @param beta1        first-moment decay in [0, 1)
   * @param beta2        second-moment decay in [0, 1)
   * @param epsilon      added to the second moment inside the square root
   */
  protected MomentRule(String className, String name, double learningRate, double beta1, double beta2,
      double epsilon) {
    super(className, name, learningRate);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** {@return the first-moment decay} */
  public double beta1() {
    return beta1;
  }

  /** {@return the second-moment decay} */
  public double beta2() {
    return beta2;
  }

  /** {@return the epsilon added to the second moment inside the square root} */
  public double epsilon() {
    return epsilon;
  }

  @Override
  protected final List<String> stateNames() {
    return List.of("m", "v");
  }

  /** learning_rate, beta_1, beta_2, epsilon, in the original's key order; subclasses may add keys. */
  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("learning_rate", learningRate());
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    return c;
  }
}
