package org.l2o.eval.report;

/**
 * One line with its band for a loss-curve plot, in the style of the original's {@code plot_band}
 * (spec §9.4 plot helpers): per epoch, the mean over runs of ln(loss) and the minimum and maximum
 * over runs. Before the log, a loss that is not finite (a diverged run) is replaced by
 * {@link #NAN_REPLACEMENT}, as the original's plots do, so a diverged run shows at ln 2.3 ≈ 0.83,
 * close to the loss of a uniform 10-class guess (ln 10 ≈ 2.30).
 *
 * @param epochs epoch numbers, 1-based
 * @param mean   mean over runs of ln loss, per epoch
 * @param min    smallest ln loss over runs, per epoch
 * @param max    largest ln loss over runs, per epoch
 */
public record CurveBand(double[] epochs, double[] mean, double[] min, double[] max) {

  /** The loss value that stands in for NaN (and infinite) losses before taking the log. */
  public static final double NAN_REPLACEMENT = 2.3;

  /**
   * The band of a stack of runs.
   *
   * @param runs loss per run and epoch, [R][E] with R, E &ge; 1
   */
  public static CurveBand of(double[][] runs) {
    if (runs.length == 0 || runs[0].length == 0) {
      throw new IllegalArgumentException("a curve needs at least one run and one epoch");
    }
    int epochs = runs[0].length;
    double[] x = new double[epochs];
    double[] mean = new double[epochs];
    double[] min = new double[epochs];
    double[] max = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      x[e] = e + 1;
      double sum = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] run : runs) {
        if (run.length != epochs) {
          throw new IllegalArgumentException("runs of one curve differ in length: " + run.length + " vs " + epochs);
        }
        double v = Math.log(Double.isFinite(run[e]) ? run[e] : NAN_REPLACEMENT);
        sum += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      mean[e] = sum / runs.length;
      min[e] = lo;
      max[e] = hi;
    }
    return new CurveBand(x, mean, min, max);
  }
}
