package org.l2o.eval.stats;

/** Two-pass mean and population variance, as NumPy computes them. */
final class Moments {
  private Moments() {}

  /** Mean of all values; NaN if any is NaN (like np.mean). */
  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Population (ddof 0) standard deviation around {@code mean}; see {@link #populationVariance}. */
  static double populationStd(double[] values, double mean, boolean skipNaN) {
    return Math.sqrt(populationVariance(values, mean, skipNaN));
  }

  /**
   * Population (ddof 0) variance around {@code mean}.
   *
   * @param skipNaN leave NaN values out (then {@code mean} must be their mean too)
   */
  static double populationVariance(double[] values, double mean, boolean skipNaN) {
    double squares = 0;
    int n = 0;
    for (double v : values) {
      if (skipNaN && Double.isNaN(v)) {
        continue;
      }
      double d = v - mean;
      squares += d * d;
      n++;
    }
    return squares / n;
  }
}
