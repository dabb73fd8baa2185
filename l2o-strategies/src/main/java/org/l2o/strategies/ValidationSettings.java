package org.l2o.strategies;

import org.l2o.core.train.PeriodArgs;

/**
 * The constant validation settings of the simple and repeat strategies ({@code validation_unroll},
 * {@code validation_depth}, {@code validation_epochs}, {@code validation_warmup},
 * {@code validation_warmup_rate}).
 */
public record ValidationSettings(int unrollLen, int depth, int epochs, int warmup, double warmupRate) {

  /** The validation arguments: p_teacher 0, seeded with {@code seed}. */
  public PeriodArgs args(long seed) {
    return new PeriodArgs(unrollLen, depth, epochs, warmup, warmupRate, 0.0, true, seed);
  }
}
