package org.l2o.policies.load;

import org.l2o.policies.optimizer.Warmup;

/**
 * The {@code settings} of a package's config.json: the warm-up the deployed optimizer runs by default.
 *
 * <p>Deliberate choice (spec §11 quirk): {@code warmup} is stored and read as a number of <em>iterations</em>,
 * with the value the original's evaluate.py uses ({@code validation_warmup * validation_unroll}, 100 for
 * curriculum-trained students), not the original's {@code settings.warmup = validation_warmup} (1), which its
 * {@code l2o.load} then misreads as one iteration. A package written by this project therefore warms up as the
 * paper's evaluation does; a package written by the original keeps its literal value (1 iteration).
 *
 * @param warmupIterations number of plain-SGD warm-up iterations (>= 0)
 * @param warmupRate       learning rate of the warm-up steps (finite)
 */
public record PackageSettings(long warmupIterations, double warmupRate) {
  /** JSON key of the warm-up iterations. */
  public static final String WARMUP = "warmup";
  /** JSON key of the warm-up rate. */
  public static final String WARMUP_RATE = "warmup_rate";

  /**
   * Validates the values.
   *
   * @param warmupIterations number of plain-SGD warm-up iterations (&gt;= 0)
   * @param warmupRate       learning rate of the warm-up steps (finite)
   */
  public PackageSettings {
    if (warmupIterations < 0) {
      throw new IllegalArgumentException("settings/warmup must be >= 0 iterations, got " + warmupIterations);
    }
    if (!Double.isFinite(warmupRate)) {
      throw new IllegalArgumentException("settings/warmup_rate must be a finite number, got " + warmupRate);
    }
  }

  /**
   * The warm-up for a {@link org.l2o.policies.optimizer.PolicyOptimizer}.
   *
   * @return these settings as a warm-up
   */
  public Warmup warmup() {
    return new Warmup(warmupIterations, (float) warmupRate);
  }
}
