package org.l2o.core.train;

/**
 * Statistics of one period (spec §5.7): per meta-step losses and teacher counts, and their means.
 *
 * @param metaLoss            meta loss of every meta-step [epochs * depth]; NaN for a window that measured nothing
 * @param imitationLoss       imitation loss of every meta-step (unweighted by p_teacher); NaN likewise
 * @param teacherCounts       [epochs * depth][K] steps at which each teacher was the farthest
 * @param skippedUpdates      training meta-steps that applied no update (meta-gradient not finite, or nothing
 *                            measured)
 * @param teacherDivergences  [K] training meta-steps at which each teacher's imitation distance was not finite
 * @param seconds             wall time of the period
 */
public record PeriodResult(float[] metaLoss, float[] imitationLoss, float[][] teacherCounts, int skippedUpdates,
    int[] teacherDivergences, double seconds) {

  /**
   * Whether the period had meta-steps and applied none of their updates (a training period that failed).
   *
   * @return true if no update was applied though the period had meta-steps
   */
  public boolean noUpdateApplied() {
    return metaLoss.length > 0 && skippedUpdates >= metaLoss.length;
  }

  /**
   * Mean meta loss over meta-steps (NaN if any is NaN).
   *
   * @return the mean meta loss
   */
  public double meanMetaLoss() {
    return mean(metaLoss);
  }

  /**
   * Mean imitation loss over meta-steps.
   *
   * @return the mean imitation loss
   */
  public double meanImitationLoss() {
    return mean(imitationLoss);
  }

  private static double mean(float[] a) {
    double s = 0;
    for (float x : a) {
      s += x;
    }
    return a.length == 0 ? Double.NaN : s / a.length;
  }
}
