package org.l2o.core.train;

/**
 * Statistics of one period (spec §5.7): per meta-step losses and teacher counts, and their means.
 *
 * @param metaLoss        meta loss of every meta-step [epochs * depth]
 * @param imitationLoss   imitation loss of every meta-step (unweighted by p_teacher)
 * @param teacherCounts   [epochs * depth][K] steps at which each teacher was the farthest
 * @param skippedUpdates  meta-steps whose meta-gradient was not finite and was therefore not applied
 * @param seconds         wall time of the period
 */
public record PeriodResult(float[] metaLoss, float[] imitationLoss, float[][] teacherCounts, int skippedUpdates,
    double seconds) {

  /** Mean meta loss over meta-steps (NaN if any is NaN). */
  public double meanMetaLoss() {
    return mean(metaLoss);
  }

  /** Mean imitation loss over meta-steps. */
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
