package org.l2o.eval.stats;

/**
 * Summary of one statistic over the evaluation runs of one replicate: mean, population standard
 * deviation (ddof 0, NumPy's default), minimum and maximum of the values that are not NaN.
 *
 * <p>NaN values (diverged runs) are left out and counted in {@link #nanCount()} rather than
 * turning the whole summary into NaN, so that a table still shows the other runs and says how many
 * diverged. When every value is NaN, all four numbers are NaN.
 *
 * @param count    number of runs, NaN included
 * @param nanCount number of NaN values left out
 * @param mean     mean of the non-NaN values
 * @param std      population standard deviation of the non-NaN values
 * @param min      smallest non-NaN value
 * @param max      largest non-NaN value
 */
public record RunAggregate(int count, int nanCount, double mean, double std, double min, double max) {

  /** Aggregates {@code values}. */
  public static RunAggregate of(double[] values) {
    int n = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        n++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    int nan = values.length - n;
    if (n == 0) {
      return new RunAggregate(values.length, nan, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = sum / n;
    return new RunAggregate(values.length, nan, mean, Moments.populationStd(values, mean, true), min, max);
  }

  /** Number of non-NaN values the summary is computed from. */
  public int validCount() {
    return count - nanCount;
  }
}
