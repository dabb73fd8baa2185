package org.l2o.core.train;

/**
 * The arguments of one training or validation period of one problem (the original's
 * {@code learner.train(...)} call, spec §5.1).
 *
 * @param unrollLength inner steps per truncation window U
 * @param depth        meta-steps per problem instance
 * @param epochs       problem instances (independent trajectories) per period
 * @param warmup       warm-up windows at the start of every problem instance
 * @param warmupRate   SGD rate of the warm-up (in internal coordinates)
 * @param pTeacher     weight of the imitation loss
 * @param validation   forward only, no update
 * @param seed         random seed (validation: 12345); null for a fresh random stream
 */
public record PeriodArgs(int unrollLength, int depth, int epochs, int warmup, double warmupRate, double pTeacher,
    boolean validation, Long seed) {
  public PeriodArgs {
    if (unrollLength < 1 || depth < 1 || epochs < 1 || warmup < 0) {
      throw new IllegalArgumentException("unroll_len, depth and epochs must be positive and warmup >= 0: " + this);
    }
  }

  /** A copy with another seed (the strategy runner derives training seeds from the run seed and the position). */
  public PeriodArgs withSeed(long value) {
    return new PeriodArgs(unrollLength, depth, epochs, warmup, warmupRate, pTeacher, validation, value);
  }

  /** Meta-steps of this period: epochs * depth. */
  public int metaSteps() {
    return epochs * depth;
  }
}
