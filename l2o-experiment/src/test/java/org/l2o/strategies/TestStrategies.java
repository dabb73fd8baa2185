package org.l2o.strategies;

/** Small settings for decision tests, where only the repeat and stage rules matter. */
final class TestStrategies {
  private TestStrategies() {}

  /** Constant validation settings. */
  static final ValidationSettings VALIDATION = new ValidationSettings(10, 2, 1, 0, 0.01);

  /** Constant training schedules: unroll 10, depth 1, epochs 2, p_teacher 0, no warm-up. */
  static TrainingSchedules schedules() {
    return new TrainingSchedules(Schedule.constant("unroll_len", 10), Schedule.constant("depth", 1),
        Schedule.constant("epochs", 2), Schedule.constant("annealing_schedule", 0.0),
        Schedule.constant("warmup", 0), Schedule.constant("warmup_rate", 0.0));
  }

  /** A curriculum with the given counts and repeat settings. */
  static CurriculumStrategy curriculum(int numStages, int numPeriods, int numChances, int maxRepeat,
      double threshold, boolean legacyCap) {
    return new CurriculumStrategy(numStages, numPeriods, numChances, schedules(), 1, maxRepeat, threshold, legacyCap,
        12345);
  }
}
