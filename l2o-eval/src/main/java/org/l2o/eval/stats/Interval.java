package org.l2o.eval.stats;

import java.util.Locale;

/**
 * A confidence interval {@code [low, high]}.
 *
 * @param low  lower end
 * @param high upper end, at least {@code low}
 */
public record Interval(double low, double high) {

  /** Checks the order of the ends. */
  public Interval {
    if (!(low <= high)) {
      throw new IllegalArgumentException("interval ends out of order or NaN: [" + low + ", " + high + "]");
    }
  }

  /** Whether {@code value} lies in the closed interval. */
  public boolean contains(double value) {
    return low <= value && value <= high;
  }

  /** {@code [low, high]} with the given number of significant digits. */
  public String format(int digits) {
    return String.format(Locale.ROOT, "[%." + digits + "g, %." + digits + "g]", low, high);
  }
}
