package org.l2o.strategies;

import org.l2o.core.json.ConfigException;
import org.l2o.core.train.PeriodArgs;

/**
 * The scheduled training settings of a strategy, indexed by period (simple, repeat) or stage (curriculum):
 * {@code unroll_len}, {@code depth}, {@code epochs}, {@code annealing_schedule} (p_teacher), {@code warmup},
 * {@code warmup_rate}.
 */
public record TrainingSchedules(Schedule<Integer> unrollLen, Schedule<Integer> depth, Schedule<Integer> epochs,
    Schedule<Double> annealing, Schedule<Integer> warmup, Schedule<Double> warmupRate) {

  /** The training arguments at index {@code i}: validation off, no seed (the runner derives it). */
  public PeriodArgs training(int i) {
    return new PeriodArgs(unrollLen.at(i), depth.at(i), epochs.at(i), warmup.at(i), warmupRate.at(i),
        annealing.at(i), false, null);
  }

  /**
   * Validation arguments with the settings at index {@code i} (curriculum: the next stage's): p_teacher 0,
   * seeded with {@code seed}.
   */
  public PeriodArgs validation(int i, long seed) {
    return new PeriodArgs(unrollLen.at(i), depth.at(i), epochs.at(i), warmup.at(i), warmupRate.at(i), 0.0, true,
        seed);
  }

  /**
   * Checks every value for indices {@code 0..last}: unroll_len, depth and epochs at least 1, warmup at least 0,
   * the rates finite, and the counts within the engine's limits ({@link PeriodArgs#exceededLimit}). Done once at
   * parse time so that a bad list entry fails before training, naming the key.
   *
   * @throws ConfigException naming the key, the index and the value
   */
  void check(int last) {
    for (int i = 0; i <= last; i++) {
      int u = atLeast(unrollLen, i, 1);
      int d = atLeast(depth, i, 1);
      int e = atLeast(epochs, i, 1);
      int w = atLeast(warmup, i, 0);
      finite(annealing, i);
      finite(warmupRate, i);
      String limit = PeriodArgs.exceededLimit(u, d, e, w);
      if (limit != null) {
        throw new ConfigException("strategy schedules at index " + i + ": " + limit);
      }
    }
  }

  private static int atLeast(Schedule<Integer> s, int i, int min) {
    int v;
    try {
      v = s.at(i);
    } catch (ArithmeticException e) {
      throw new ConfigException("strategy/" + s.key() + " " + s.spec() + " overflows at index " + i, e);
    }
    if (v < min) {
      throw new ConfigException("strategy/" + s.key() + " must be >= " + min + ", but " + s.spec() + " gives "
          + v + " at index " + i);
    }
    return v;
  }

  private static void finite(Schedule<Double> s, int i) {
    double v = s.at(i);
    if (!Double.isFinite(v)) {
      throw new ConfigException("strategy/" + s.key() + " must be finite, but " + s.spec() + " gives " + v
          + " at index " + i);
    }
  }
}
