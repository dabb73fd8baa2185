package org.l2o.eval.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Aggregation over replicates (independently meta-trained optimizers of one experiment), as the
 * original's boxplots draw it (spec §9.4, §17): each replicate is reduced to the mean of its runs,
 * and the band is grand mean ± 2 standard errors with
 * {@code stderr = sqrt(var(replicate means, ddof 0) / n)}.
 *
 * <p>The grand mean is the mean of the replicate means. NaN runs are left out of a replicate's
 * mean (see {@link RunAggregate}); a replicate whose runs are all NaN is left out and counted in
 * {@link #skipped()}, and {@code n} counts only the replicates used. (The original divides by the
 * number of replicate folders even when it skipped a missing file.)
 *
 * @param replicates number of replicates used
 * @param skipped    replicates left out because all their values were NaN
 * @param mean       grand mean (mean of the replicate means)
 * @param stderr     sqrt(var(replicate means, ddof 0) / replicates)
 * @param lower      mean - 2 stderr
 * @param upper      mean + 2 stderr
 */
public record ReplicateAggregate(int replicates, int skipped, double mean, double stderr, double lower,
    double upper) {

  /** Aggregates one statistic over replicates; {@code perReplicate.get(i)} holds replicate i's runs. */
  public static ReplicateAggregate ofValues(List<double[]> perReplicate) {
    List<Double> means = new ArrayList<>();
    for (double[] runs : perReplicate) {
      double m = RunAggregate.of(runs).mean();
      if (!Double.isNaN(m)) {
        means.add(m);
      }
    }
    int skipped = perReplicate.size() - means.size();
    if (means.isEmpty()) {
      return new ReplicateAggregate(0, skipped, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] m = means.stream().mapToDouble(Double::doubleValue).toArray();
    double grand = Moments.mean(m);
    double stderr = Math.sqrt(Moments.populationVariance(m, grand, false) / m.length);
    return new ReplicateAggregate(m.length, skipped, grand, stderr, grand - 2 * stderr, grand + 2 * stderr);
  }

  /** Aggregates {@code statistic} over the statistics of several replicates. */
  public static ReplicateAggregate of(List<EvaluationStatistics> replicates, Statistic statistic) {
    List<double[]> values = new ArrayList<>();
    for (EvaluationStatistics r : replicates) {
      values.add(r.values(statistic));
    }
    return ofValues(values);
  }
}
