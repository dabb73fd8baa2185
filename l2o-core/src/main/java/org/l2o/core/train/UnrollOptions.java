package org.l2o.core.train;

/**
 * Settings of the unrolled loss (the original's {@code training} config, spec §2.1 and §5.3).
 *
 * @param useLogObjective       meta loss as log ratios; imitation reduce applied to log distances
 * @param scaleObjective        divide the loss by the loss of the window's start parameters on the same batch
 * @param reduce                how the imitation distances to several teachers are combined
 * @param unrollWeight          per-step weight of the losses
 * @param epsilon               epsilon inside the logs (1e-10)
 * @param huberDelta            negative: plain half squared distance; otherwise Huber with this delta
 * @param objTrainMaxMultiplier positive: stop the window when the loss exceeds this multiple of the start
 *                              loss; otherwise stop only on a non-finite loss
 * @param teacherOracleScaling  teachers see the true parameters and gradients (do_teacher_parameter_scale
 *                              false, the BASE default)
 * @param secondOrder           differentiate through the optimizee's gradient computation (as the
 *                              original); false treats the inner gradients as constants
 * @param zeroOnNan             reproduce the original's NaN guard bug (parameters set to zero) instead of
 *                              skipping the update (spec §5.2)
 */
public record UnrollOptions(
    boolean useLogObjective,
    boolean scaleObjective,
    Reduce reduce,
    UnrollWeight unrollWeight,
    double epsilon,
    double huberDelta,
    double objTrainMaxMultiplier,
    boolean teacherOracleScaling,
    boolean secondOrder,
    boolean zeroOnNan) {

  /** Reduction over teachers: max (min-max amalgamation) or mean (mean amalgamation). */
  public enum Reduce {
    /** The largest distance (min-max amalgamation). */
    MAX,
    /** The mean distance (mean amalgamation). */
    MEAN
  }

  /** Per-step weight w_i of the unroll: 1/U, 1, or only the last step. */
  public enum UnrollWeight {
    /** w_i = 1/U. */
    MEAN,
    /** w_i = 1. */
    SUM,
    /** w_i = 1 for the last step, 0 before. */
    FINAL;

    /**
     * The weight of step {@code i} of an unroll of length {@code u}.
     *
     * @param i the step's index, from 0
     * @param u the unroll length U
     * @return w_i
     */
    public double weight(int i, int u) {
      return switch (this) {
        case MEAN -> 1.0 / u;
        case SUM -> 1.0;
        case FINAL -> i == u - 1 ? 1.0 : 0.0;
      };
    }
  }

  /**
   * The BASE defaults of the original (spec §2.1), second order.
   *
   * @return the defaults
   */
  public static UnrollOptions defaults() {
    return new UnrollOptions(true, true, Reduce.MAX, UnrollWeight.MEAN, 1e-10, -1, -1, true, true, false);
  }

  /**
   * A copy with {@code secondOrder} changed.
   *
   * @param value whether to differentiate through the inner gradients
   * @return the same options with {@code secondOrder = value}
   */
  public UnrollOptions withSecondOrder(boolean value) {
    return new UnrollOptions(useLogObjective, scaleObjective, reduce, unrollWeight, epsilon, huberDelta,
        objTrainMaxMultiplier, teacherOracleScaling, value, zeroOnNan);
  }
}
