package org.l2o.strategies;

import java.util.OptionalInt;
import org.l2o.core.json.ConfigException;

/** Argument checks and plans shared by the strategies. */
final class Periods {
  private Periods() {}

  /** Checks num_periods >= 1 and every scheduled value of periods 0..num_periods-1 (simple and repeat). */
  static void checkPeriods(int numPeriods, TrainingSchedules schedules) {
    if (numPeriods < 1) {
      throw new ConfigException("strategy/num_periods must be >= 1, got " + numPeriods);
    }
    schedules.check(numPeriods - 1);
  }

  /** The plan of a single-stage strategy (simple, repeat): period p's schedule values, the fixed validation. */
  static PeriodPlan singleStagePlan(Strategy strategy, Position p, TrainingSchedules schedules,
      ValidationSettings validation, long validationSeed) {
    requireStageZero(strategy.kind(), p);
    return new PeriodPlan(p, strategy.checkpointName(p), strategy.kind().label(p), schedules.training(p.period()),
        validation.args(validationSeed));
  }

  /** Simple and repeat positions have stage 0 (and simple ones repeat 0). */
  static void requireStageZero(StrategyKind kind, Position p) {
    if (p.stage() != 0 || (kind == StrategyKind.SIMPLE && p.repeat() != 0)) {
      throw new IllegalArgumentException(p + " is not a position of the " + kind.cliName() + " strategy");
    }
  }

  /** The record of {@code p}, which the caller says was just trained. */
  static PeriodRecord require(History history, Position p) {
    return history.find(p).orElseThrow(() -> new IllegalArgumentException(
        "the history has no row for " + history.kind().label(p) + " (" + history.kind().checkpointName(p) + ")"));
  }

  /** Strategies without stages take no stage selection. */
  static void rejectStage(StrategyKind kind, OptionalInt stage) {
    if (stage.isPresent()) {
      throw new IllegalArgumentException("the " + kind.cliName() + " strategy has no stages, got stage "
          + stage.getAsInt());
    }
  }
}
