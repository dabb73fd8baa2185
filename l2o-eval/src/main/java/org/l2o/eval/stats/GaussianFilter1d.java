package org.l2o.eval.stats;

/**
 * The 1-D Gaussian smoothing of {@code scipy.ndimage.gaussian_filter1d} (order 0) with edge mode
 * {@code "nearest"}: values beyond either end repeat the end value.
 *
 * <p>The kernel has taps k = -r..r with r = (int) (truncate * sigma + 0.5) and weights
 * proportional to exp(-k^2 / (2 sigma^2)), normalised to sum 1. For the optimisation stability
 * statistic (sigma 2, truncate 4) that is r = 8 and weights proportional to exp(-k^2 / 8).
 * The sum is accumulated in SciPy's order (centre tap, then symmetric pairs from the outside in);
 * results agree with SciPy to within a few units in the last place.
 */
public final class GaussianFilter1d {
  private GaussianFilter1d() {}

  /** The normalised kernel weights w[0..r] for taps 0..r (the kernel is symmetric). */
  public static double[] halfKernel(double sigma, double truncate) {
    if (!(sigma > 0) || !(truncate > 0)) {
      throw new IllegalArgumentException("sigma and truncate must be positive, got " + sigma + ", " + truncate);
    }
    int radius = (int) (truncate * sigma + 0.5);
    double[] w = new double[radius + 1];
    double sum = 0;
    for (int k = -radius; k <= radius; k++) {
      double v = Math.exp(-0.5 / (sigma * sigma) * k * k);
      sum += v;
      if (k >= 0) {
        w[k] = v;
      }
    }
    for (int k = 0; k <= radius; k++) {
      w[k] /= sum;
    }
    return w;
  }

  /** Smooths {@code x} with edge mode "nearest"; NaN or infinity spreads to neighbours within r. */
  public static double[] nearest(double[] x, double sigma, double truncate) {
    double[] w = halfKernel(sigma, truncate);
    int n = x.length;
    int radius = w.length - 1;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double acc = x[i] * w[0];
      for (int k = radius; k >= 1; k--) {
        acc += (x[clamp(i - k, n)] + x[clamp(i + k, n)]) * w[k];
      }
      out[i] = acc;
    }
    return out;
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }
}
