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
  /**
   * The longest truncation window. A window is one graph run over {@code U} batches; far past the paper's 20
   * (the benchmarks use 100) the batches of one window no longer fit a dataset's split anyway.
   */
  public static final int MAX_UNROLL = 100_000;
  /**
   * The most meta-steps of one period ({@code depth * epochs}): every meta-step keeps its losses and teacher
   * counts in memory until the period ends. The paper's periods have 250.
   */
  public static final int MAX_META_STEPS = 1_000_000;
  /** The most warm-up windows at the start of one problem instance. */
  public static final int MAX_WARMUP = 1_000_000;

  /**
   * Checks the counts against their lower bounds and the limits above.
   *
   * @param unrollLength inner steps per truncation window U, 1 to {@link #MAX_UNROLL}
   * @param depth meta-steps per problem instance, at least 1
   * @param epochs problem instances per period, at least 1; {@code depth * epochs} at most {@link #MAX_META_STEPS}
   * @param warmup warm-up windows per problem instance, 0 to {@link #MAX_WARMUP}
   * @param warmupRate SGD rate of the warm-up (in internal coordinates)
   * @param pTeacher weight of the imitation loss
   * @param validation forward only, no update
   * @param seed random seed; null for a fresh random stream
   * @throws IllegalArgumentException naming the counts if one is out of range
   */
  public PeriodArgs {
    String limit = exceededLimit(unrollLength, depth, epochs, warmup);
    if (unrollLength < 1 || depth < 1 || epochs < 1 || warmup < 0 || limit != null) {
      // the parameters, not this: the record's fields are assigned only after the compact constructor
      throw new IllegalArgumentException("unroll_len, depth and epochs must be positive and warmup >= 0"
          + (limit == null ? "" : ", and " + limit) + ": unroll_len " + unrollLength + ", depth " + depth
          + ", epochs " + epochs + ", warmup " + warmup);
    }
  }

  /**
   * Which of the limits above the counts exceed, as a sentence naming the limit (e.g. {@code "depth * epochs =
   * 25 * 2147483647 = 53687091175 meta-steps exceeds the limit of 1000000 per period"}), or null if none does.
   * Lets a config reader refuse a setting naming its key before anything runs.
   *
   * @param unrollLength inner steps per truncation window U
   * @param depth meta-steps per problem instance
   * @param epochs problem instances per period
   * @param warmup warm-up windows per problem instance
   * @return the sentence, or null if every count is within its limit
   */
  public static String exceededLimit(int unrollLength, int depth, int epochs, int warmup) {
    if (unrollLength > MAX_UNROLL) {
      return "unroll_len " + unrollLength + " exceeds the limit of " + MAX_UNROLL + " steps per window";
    }
    long metaSteps = (long) depth * epochs;
    if (metaSteps > MAX_META_STEPS) {
      return "depth * epochs = " + depth + " * " + epochs + " = " + metaSteps + " meta-steps exceeds the limit of "
          + MAX_META_STEPS + " per period";
    }
    if (warmup > MAX_WARMUP) {
      return "warmup " + warmup + " exceeds the limit of " + MAX_WARMUP + " windows";
    }
    return null;
  }

  /**
   * A copy with another seed (the strategy runner derives training seeds from the run seed and the position).
   *
   * @param value the new seed
   * @return the same period with seed {@code value}
   */
  public PeriodArgs withSeed(long value) {
    return new PeriodArgs(unrollLength, depth, epochs, warmup, warmupRate, pTeacher, validation, value);
  }

  /**
   * Meta-steps of this period: epochs * depth.
   *
   * @return the number of meta-steps, {@code epochs * depth}
   */
  public int metaSteps() {
    return epochs * depth;
  }
}
