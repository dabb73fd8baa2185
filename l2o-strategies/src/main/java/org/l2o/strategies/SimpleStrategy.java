package org.l2o.strategies;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code SimpleStrategy} (spec §6.4): periods 0..num_periods-1, each trained once, named {@code period_{p}};
 * training settings indexed by period, constant validation settings.
 *
 * @param numPeriods     num_periods
 * @param schedules      training schedules, indexed by period
 * @param validation     validation settings
 * @param validationSeed validation_seed
 */
public record SimpleStrategy(int numPeriods, TrainingSchedules schedules, ValidationSettings validation,
    long validationSeed) implements Strategy {

  /** Checks num_periods >= 1 and every scheduled value of periods 0..num_periods-1. */
  public SimpleStrategy {
    Periods.checkPeriods(numPeriods, schedules);
  }

  @Override
  public StrategyKind kind() {
    return StrategyKind.SIMPLE;
  }

  @Override
  public PeriodPlan plan(Position p) {
    return Periods.singleStagePlan(this, p, schedules, validation, validationSeed);
  }

  @Override
  public Decision decide(Position finished, History history) {
    Periods.requireStageZero(kind(), finished);
    PeriodRecord row = Periods.require(history, finished);
    String head = kind().label(finished) + ": ";
    // No repeats here: a period that applied no update is only reported (the run continues, as after a NaN).
    String reason = RepeatRule.noting(row, "validation " + RepeatRule.fmt(row.validation()));
    int p = finished.period();
    if (p + 1 >= numPeriods) {
      return new Decision(Decision.Action.DONE, finished, Optional.empty(), Optional.empty(),
          head + "done, " + reason + ", num_periods " + numPeriods);
    }
    return new Decision(Decision.Action.NEXT_PERIOD, finished, Optional.of(finished.nextPeriod()), Optional.empty(),
        head + "next period " + (p + 1) + ", " + reason);
  }

  /** The last period. */
  @Override
  public Optional<Position> defaultCheckpoint(History history) {
    return history.lastPeriod(0).map(Position::period);
  }

  @Override
  public Optional<Position> select(History history, OptionalInt stage, OptionalInt period) {
    Periods.rejectStage(kind(), stage);
    if (period.isEmpty()) {
      return defaultCheckpoint(history);
    }
    return history.find(Position.period(period.getAsInt())).map(PeriodRecord::position);
  }

  /** validation_warmup, validation_warmup_rate, validation_unroll. */
  @Override
  public EvaluationSettings evaluationSettings() {
    return new EvaluationSettings(validation.warmup(), validation.warmupRate(), validation.unrollLen());
  }
}
