package org.l2o.eval.stats;

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
}
