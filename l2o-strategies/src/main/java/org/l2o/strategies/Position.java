package org.l2o.strategies;

/**
 * Where a training period sits in a strategy's schedule. Simple uses only {@code period}; repeat uses
 * {@code period} and {@code repeat}; curriculum uses all three. Unused fields are 0.
 *
 * @param stage  curriculum stage s
 * @param period period p (within the stage for curriculum)
 * @param repeat attempt r of that period (0 = first attempt)
 */
public record Position(int stage, int period, int repeat) {
  /** Checks that all indices are non-negative. */
  public Position {
    if (stage < 0 || period < 0 || repeat < 0) {
      throw new IllegalArgumentException("stage, period and repeat must be >= 0, got " + stage + "."
          + period + "." + repeat);
    }
  }

  /** The first period of every strategy: (0, 0, 0). */
  public static final Position START = new Position(0, 0, 0);

  /** Period {@code p}, first attempt, stage 0 (simple and repeat). */
  public static Position period(int period) {
    return new Position(0, period, 0);
  }

  /** Period {@code p}, attempt {@code r}, stage 0 (repeat). */
  public static Position period(int period, int repeat) {
    return new Position(0, period, repeat);
  }

  /** The next attempt of the same period. */
  public Position nextRepeat() {
    return new Position(stage, period, repeat + 1);
  }

  /** The first attempt of the next period of the same stage. */
  public Position nextPeriod() {
    return new Position(stage, period + 1, 0);
  }

  /** The first attempt of period 0 of the next stage. */
  public Position nextStage() {
    return new Position(stage + 1, 0, 0);
  }
}
