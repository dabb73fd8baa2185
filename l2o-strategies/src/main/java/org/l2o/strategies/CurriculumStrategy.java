package org.l2o.strategies;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.l2o.core.json.ConfigException;

/**
 * {@code CurriculumLearningStrategy} (spec §6.3): stages 0..num_stages-1, periods p = 0, 1, ... within a stage,
 * repeats r of a period; named {@code stage_{s}.{p}.{r}}. Every setting is indexed by stage; validation in
 * stage s uses the settings of stage s+1.
 *
 * <p>After attempt r of period p of stage s, with cur = the best attempt of (s, p) by validation:
 * <ol>
 *   <li>Repeat test: (0, 0) is never repeated. For p = 0 the reference is the best validation of stage s-1 and
 *       the value is cur's <em>training</em> meta loss; otherwise the reference is the best validation of
 *       (s, p-1) and the value is cur's validation. The period is repeated if
 *       {@code value > ref + |ref| * repeat_threshold} (NaN: see {@link RepeatRule}), unless {@code max_repeat >
 *       0} and the latest attempt's repeat index is {@code >= max_repeat}. With {@code legacy_repeat_cap} the cap
 *       looks at cur's index instead, as the original did (spec §6.3 [BUG]: retries are then unbounded while
 *       attempt 0 stays the best).
 *   <li>A repeat (s, p, r+1) reloads the best checkpoint of (s, p-1) if p > 0, else the best of stage s-1.
 *   <li>Otherwise the stage continues with (s, p+1, 0) from the current weights while {@code p < num_periods} or
 *       {@code p - p_best < num_chances}, p_best being the period of the best row of the stage; so a stage runs
 *       at least num_periods + 1 periods.
 *   <li>Otherwise the stage ends: stage s+1 starts at (s+1, 0, 0) from the stage's best checkpoint, or training
 *       is done after the last stage.
 * </ol>
 * "Best" is {@link History#best}: an attempt that applied none of its meta-updates is never the best, so a period
 * whose attempts all failed that way is repeated like one whose validations are all NaN. When a best is needed but every validation is NaN, the latest row stands in
 * for a reload target, and a stage without any finite validation ends at the first opportunity.
 *
 * @param numStages        num_stages
 * @param numPeriods       num_periods, the minimum number of periods of a stage minus one
 * @param numChances       num_chances
 * @param schedules        training schedules, indexed by stage
 * @param validationEpochs validation_epochs: stored, unused (validation uses epochs(s+1), as the original)
 * @param maxRepeat        max_repeat; 0 = unlimited
 * @param repeatThreshold  repeat_threshold
 * @param legacyRepeatCap  legacy_repeat_cap: apply the cap to the best attempt's index, as the original
 * @param validationSeed   validation_seed
 */
public record CurriculumStrategy(int numStages, int numPeriods, int numChances, TrainingSchedules schedules,
    int validationEpochs, int maxRepeat, double repeatThreshold, boolean legacyRepeatCap, long validationSeed)
    implements Strategy {

  /** Checks the counts and every scheduled value of stages 0..num_stages (validation uses s + 1). */
  public CurriculumStrategy {
    if (numStages < 1) {
      throw new ConfigException("strategy/num_stages must be >= 1, got " + numStages);
    }
    if (numPeriods < 0) {
      throw new ConfigException("strategy/num_periods must be >= 0, got " + numPeriods);
    }
    if (numChances < 0) {
      throw new ConfigException("strategy/num_chances must be >= 0, got " + numChances);
    }
    Strategies.checkRepeatSettings(maxRepeat, repeatThreshold);
    schedules.check(numStages);
  }

  @Override
  public StrategyKind kind() {
    return StrategyKind.CURRICULUM;
  }

  @Override
  public PeriodPlan plan(Position p) {
    return new PeriodPlan(p, checkpointName(p), kind().label(p), schedules.training(p.stage()),
        schedules.validation(p.stage() + 1, validationSeed));
  }

  @Override
  public Decision decide(Position finished, History history) {
    Periods.require(history, finished);
    int s = finished.stage();
    int p = finished.period();
    List<PeriodRecord> attempts = history.period(s, p);
    Optional<PeriodRecord> cur = History.best(attempts);
    PeriodRecord latest = History.latest(attempts).orElseThrow();
    String head = kind().label(finished) + ": ";

    RepeatRule.Verdict verdict = repeatTest(history, s, p, cur, latest);
    if (verdict.repeat()) {
      Position reload = reloadTarget(history, s, p);
      Position next = latest.position().nextRepeat();
      return new Decision(Decision.Action.REPEAT, finished, Optional.of(next), Optional.of(reload),
          head + "repeat " + next.repeat() + " from " + checkpointName(reload) + ", " + verdict.reason());
    }
    if (p < numPeriods) {
      return nextPeriod(finished, head + "next period " + (p + 1) + ", " + verdict.reason());
    }
    Optional<PeriodRecord> stageBest = History.best(history.stage(s));
    if (stageBest.isPresent()) {
      int sinceBest = p - stageBest.get().position().period();
      String chances = "best period " + stageBest.get().position().period() + ", " + p + " - "
          + stageBest.get().position().period() + (sinceBest < numChances ? " < " : " >= ") + "num_chances "
          + numChances;
      if (sinceBest < numChances) {
        return nextPeriod(finished, head + "next period " + (p + 1) + ", " + verdict.reason() + "; " + chances);
      }
      return endStage(finished, stageBest.map(PeriodRecord::position), head, verdict.reason() + "; " + chances);
    }
    return endStage(finished, Optional.empty(), head,
        verdict.reason() + "; stage " + s + " has no finite validation");
  }

  private RepeatRule.Verdict repeatTest(History history, int s, int p, Optional<PeriodRecord> cur,
      PeriodRecord latest) {
    if (s == 0 && p == 0) {
      return new RepeatRule.Verdict(false, RepeatRule.noting(latest, "validation "
          + RepeatRule.fmt(latest.validation()) + ", the first period is never repeated"));
    }
    RepeatRule.Verdict verdict;
    if (cur.isEmpty()) {
      verdict = latest.noUpdateApplied() ? RepeatRule.noUpdate()
          : new RepeatRule.Verdict(true, "validation is nan in every attempt");
    } else if (p == 0) {
      Optional<PeriodRecord> ref = History.best(history.stage(s - 1));
      verdict = RepeatRule.apply("training meta loss", cur.get().metaLoss(),
          ref.map(PeriodRecord::validation).orElse(Double.NaN), "stage " + (s - 1) + " has no finite validation",
          repeatThreshold);
    } else {
      Optional<PeriodRecord> ref = History.best(history.period(s, p - 1));
      verdict = RepeatRule.apply("validation", cur.get().validation(),
          ref.map(PeriodRecord::validation).orElse(Double.NaN),
          "stage " + s + " period " + (p - 1) + " has no finite validation", repeatThreshold);
    }
    int capIndex = legacyRepeatCap ? cur.orElse(latest).position().repeat() : latest.position().repeat();
    if (verdict.repeat() && maxRepeat > 0 && capIndex >= maxRepeat) {
      return new RepeatRule.Verdict(false, verdict.reason() + ", but " + (legacyRepeatCap ? "the best attempt "
          : "attempt ") + capIndex + " reached max_repeat " + maxRepeat);
    }
    return verdict;
  }

  /** Best of (s, p-1) if p > 0, else best of stage s-1; the latest / last row there if all are NaN. */
  private Position reloadTarget(History history, int s, int p) {
    List<PeriodRecord> rows = p > 0 ? history.period(s, p - 1) : history.stage(s - 1);
    Optional<PeriodRecord> target = History.best(rows)
        .or(() -> p > 0 ? History.latest(rows) : Optional.ofNullable(rows.isEmpty() ? null : rows.get(rows.size() - 1)));
    return target.map(PeriodRecord::position).orElseThrow(() -> new IllegalStateException(
        "the history has no row for " + (p > 0 ? "stage " + s + " period " + (p - 1) : "stage " + (s - 1))
            + ", needed to repeat stage " + s + " period " + p));
  }

  private static Decision nextPeriod(Position finished, String line) {
    return new Decision(Decision.Action.NEXT_PERIOD, finished, Optional.of(finished.nextPeriod()), Optional.empty(),
        line);
  }

  private Decision endStage(Position finished, Optional<Position> best, String head, String reason) {
    int s = finished.stage();
    if (s + 1 >= numStages) {
      return new Decision(Decision.Action.DONE, finished, Optional.empty(), Optional.empty(),
          head + "done, " + reason);
    }
    String from = best.map(b -> " from " + checkpointName(b)).orElse(" from the current weights");
    return new Decision(Decision.Action.NEXT_STAGE, finished, Optional.of(finished.nextStage()), best,
        head + "next stage " + (s + 1) + from + ", " + reason);
  }

  /** The last stage, its best row (the last row of the stage if every validation is NaN). */
  @Override
  public Optional<Position> defaultCheckpoint(History history) {
    return history.lastStage().flatMap(s -> bestOrLast(history.stage(s)));
  }

  @Override
  public Optional<Position> select(History history, OptionalInt stage, OptionalInt period) {
    if (stage.isEmpty() && period.isEmpty()) {
      return defaultCheckpoint(history);
    }
    Optional<Integer> s = stage.isPresent() ? Optional.of(stage.getAsInt()) : history.lastStage();
    return s.flatMap(st -> bestOrLast(period.isPresent() ? history.period(st, period.getAsInt())
        : history.stage(st)));
  }

  private static Optional<Position> bestOrLast(List<PeriodRecord> rows) {
    return History.best(rows).or(() -> rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1)))
        .map(PeriodRecord::position);
  }

  /** warmup(num_stages), warmup_rate(num_stages), unroll_len(num_stages) (spec §6.3). */
  @Override
  public EvaluationSettings evaluationSettings() {
    return new EvaluationSettings(schedules.warmup().at(numStages), schedules.warmupRate().at(numStages),
        schedules.unrollLen().at(numStages));
  }
}
