package org.l2o.bench;

import java.util.Arrays;

/** Small order statistics of the benchmarks. */
final class Stats {
  private Stats() {}

  /** The median of {@code values} (not modified); NaN if empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The smallest of {@code values}; NaN if empty. */
  static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  /** The largest of {@code values}; NaN if empty. */
  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
