package org.l2o.strategies;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code RepeatStrategy} (spec §6.2): periods 0..num_periods-1 named {@code period_{p}.{r}}; a period whose
 * validation explodes is trained again from the previous period's checkpoint.
 *
 * <p>After attempt r of period p:
 * <ul>
 *   <li>period 0 is never repeated;
 *   <li>otherwise, with prev = the latest attempt of period p-1 and cur = the latest attempt of p, the period is
 *       repeated if {@code cur.validation > prev.validation + |prev.validation| * repeat_threshold}, unless
 *       {@code max_repeat > 0} and {@code cur.repeat >= max_repeat} (so at most max_repeat + 1 attempts); a NaN
 *       validation, or a period that applied none of its meta-updates, counts as exploded (see {@link RepeatRule});
 *   <li>a repeat (p, r+1) reloads prev's checkpoint (weights and outer optimizer); an accepted period continues
 *       with its own weights into (p+1, 0), until num_periods.
 * </ul>
 *
 * @param numPeriods      num_periods
 * @param schedules       training schedules, indexed by period
 * @param validation      validation settings
 * @param maxRepeat       max_repeat; 0 = unlimited
 * @param repeatThreshold repeat_threshold, a fraction of |prev.validation|
 * @param validationSeed  validation_seed
 */
public record RepeatStrategy(int numPeriods, TrainingSchedules schedules, ValidationSettings validation,
    int maxRepeat, double repeatThreshold, long validationSeed) implements Strategy {

  /** Checks the counts and every scheduled value of periods 0..num_periods-1. */
  public RepeatStrategy {
    Strategies.checkRepeatSettings(maxRepeat, repeatThreshold);
    Periods.checkPeriods(numPeriods, schedules);
  }

  @Override
  public StrategyKind kind() {
    return StrategyKind.REPEAT;
  }

  @Override
  public PeriodPlan plan(Position p) {
    return Periods.singleStagePlan(this, p, schedules, validation, validationSeed);
  }

  @Override
  public Decision decide(Position finished, History history) {
    Periods.requireStageZero(kind(), finished);
    Periods.require(history, finished);
    int p = finished.period();
    PeriodRecord cur = History.latest(history.period(0, p)).orElseThrow();
    String head = kind().label(finished) + ": ";
    RepeatRule.Verdict verdict;
    PeriodRecord prev = null;
    if (p == 0) {
      verdict = new RepeatRule.Verdict(false, RepeatRule.noting(cur, "validation " + RepeatRule.fmt(cur.validation())
          + ", period 0 is never repeated"));
    } else {
      prev = History.latest(history.period(0, p - 1)).orElseThrow(() -> new IllegalStateException(
          "the history has no row for period " + (p - 1) + ", needed to decide on period " + p));
      verdict = cur.noUpdateApplied() ? RepeatRule.noUpdate() : RepeatRule.apply("validation", cur.validation(),
          prev.validation(), kind().label(prev.position()) + " has validation nan", repeatThreshold);
      if (verdict.repeat() && maxRepeat > 0 && cur.position().repeat() >= maxRepeat) {
        verdict = new RepeatRule.Verdict(false, verdict.reason() + ", but attempt " + cur.position().repeat()
            + " reached max_repeat " + maxRepeat);
      }
    }
    if (verdict.repeat()) {
      Position next = cur.position().nextRepeat();
      return new Decision(Decision.Action.REPEAT, finished, Optional.of(next), Optional.of(prev.position()),
          head + "repeat " + next.repeat() + " from " + checkpointName(prev.position()) + ", " + verdict.reason());
    }
    if (p + 1 >= numPeriods) {
      return new Decision(Decision.Action.DONE, finished, Optional.empty(), Optional.empty(),
          head + "done, " + verdict.reason());
    }
    return new Decision(Decision.Action.NEXT_PERIOD, finished, Optional.of(Position.period(p + 1)), Optional.empty(),
        head + "next period " + (p + 1) + ", " + verdict.reason());
  }

  /** The last period and its latest repeat (not the best; spec §6.2). */
  @Override
  public Optional<Position> defaultCheckpoint(History history) {
    return history.lastPeriod(0).flatMap(p -> History.latest(history.period(0, p))).map(PeriodRecord::position);
  }

  @Override
  public Optional<Position> select(History history, OptionalInt stage, OptionalInt period) {
    Periods.rejectStage(kind(), stage);
    if (period.isEmpty()) {
      return defaultCheckpoint(history);
    }
    return History.latest(history.period(0, period.getAsInt())).map(PeriodRecord::position);
  }

  /** validation_warmup, validation_warmup_rate, validation_unroll. */
  @Override
  public EvaluationSettings evaluationSettings() {
    return new EvaluationSettings(validation.warmup(), validation.warmupRate(), validation.unrollLen());
  }
}
