package org.l2o.policies.optimizer;

/**
 * Warm-up of a {@link PolicyOptimizer} (spec §11): while the number of completed {@code applyGradients}
 * calls is below {@code iterations}, the update is {@code rate * grad} and the rule's state becomes
 * {@link org.l2o.core.policy.UpdateRule#warmupState}.
 *
 * @param iterations number of warm-up iterations, 0 for none
 * @param rate       learning rate of the plain-SGD warm-up steps
 */
public record Warmup(long iterations, float rate) {
  /** No warm-up. */
  public static final Warmup NONE = new Warmup(0, 0f);

  /**
   * Validates the iterations (&gt;= 0) and the rate (finite).
   *
   * @param iterations number of warm-up iterations, 0 for none
   * @param rate       learning rate of the plain-SGD warm-up steps
   */
  public Warmup {
    if (iterations < 0) {
      throw new IllegalArgumentException("warm-up iterations must be >= 0, got " + iterations);
    }
    if (!Float.isFinite(rate)) {
      throw new IllegalArgumentException("warm-up rate must be finite, got " + rate);
    }
  }
}
