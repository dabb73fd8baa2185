package org.l2o.cli;

/**
 * The bounds of the commands' count options (runs, epochs, steps, rounds), checked before any work so that a
 * count past what a run can hold is refused with its limit instead of overflowing somewhere inside.
 */
final class Counts {
  /** Training runs per problem (evaluate, baseline, quickstart). */
  static final int MAX_RUNS = 10_000;
  /** Epochs per evaluation run: the paper's problems have 25; every training batch of a run is recorded. */
  static final int MAX_EPOCHS = 10_000;
  /** Steps, windows or rounds of a benchmark. */
  static final int MAX_STEPS = 1_000_000;

  private Counts() {}

  /**
   * Returns {@code value} if it lies in {@code [min, max]}.
   *
   * @throws IllegalArgumentException naming the option, both bounds and the value
   */
  static int check(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** {@link #check} of an option that may be absent (null passes). */
  static Integer check(String option, Integer value, int min, int max) {
    return value == null ? null : check(option, value.intValue(), min, max);
  }
}
