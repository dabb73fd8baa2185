package org.l2o.strategies;

/**
 * The warm-up a trained policy gets when it is evaluated or packaged (the original's {@code validation_warmup},
 * {@code validation_warmup_rate} and {@code validation_unroll}). Simple and repeat take them from the config;
 * curriculum derives them from the schedules at index {@code num_stages} (spec §6.3).
 *
 * @param warmup     warm-up windows
 * @param warmupRate SGD rate of the warm-up
 * @param unrollLen  inner steps per window
 */
public record EvaluationSettings(int warmup, double warmupRate, int unrollLen) {

  /** Inner warm-up steps before evaluation starts: warmup * unroll_len. */
  public int warmupSteps() {
    return Math.multiplyExact(warmup, unrollLen);
  }
}
