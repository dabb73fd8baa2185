package org.l2o.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.l2o.strategies.Decision.Action;
import org.junit.jupiter.api.Test;

/** Decision tables of the curriculum strategy (spec §6.3, §17). */
class CurriculumDecisionTest {
  private static final String HEADER = "stage,period,repeat,validation,meta_loss";

  /** Decides after the last row of the table. */
  private static Decision after(CurriculumStrategy s, String... rows) {
    String[] lines = new String[rows.length + 1];
    lines[0] = HEADER;
    System.arraycopy(rows, 0, lines, 1, rows.length);
    History h = Tables.history(StrategyKind.CURRICULUM, lines);
    return s.decide(h.last().orElseThrow().position(), h);
  }

  private static void expect(Decision d, Action action, Position next, Position reload) {
    assertThat(d.action()).as(d.line()).isEqualTo(action);
    assertThat(d.next()).as(d.line()).isEqualTo(Optional.ofNullable(next));
    assertThat(d.reload()).as(d.line()).isEqualTo(Optional.ofNullable(reload));
  }

  private static Position at(int s, int p, int r) {
    return new Position(s, p, r);
  }

  private static CurriculumStrategy standard() {
    return TestStrategies.curriculum(3, 2, 2, 2, 0.5, false);
  }

  @Test
  void anAttemptThatAppliedNoUpdateIsRepeatedAndNeverTheBest() {
    // (0, 1, 0) skipped both of its 2 meta-updates: its validation 0.5 is that of the weights it started from
    String header = "stage,period,repeat,validation,meta_loss,depth,epochs,skipped_updates";
    History h = Tables.history(StrategyKind.CURRICULUM, header, "0,0,0,1.0,5,2,1,0", "0,1,0,0.5,5,2,1,2");
    Decision d = standard().decide(at(0, 1, 0), h);
    expect(d, Action.REPEAT, at(0, 1, 1), at(0, 0, 0));
    assertThat(d.line()).contains("every meta-update of the period was skipped");
    assertThat(History.best(h.stage(0)).orElseThrow().position()).isEqualTo(at(0, 0, 0));
    // one update applied of two: an ordinary attempt, accepted at 0.5 <= 1 + 50%
    History partial = Tables.history(StrategyKind.CURRICULUM, header, "0,0,0,1.0,5,2,1,0", "0,1,0,0.5,5,2,1,1");
    expect(standard().decide(at(0, 1, 0), partial), Action.NEXT_PERIOD, at(0, 2, 0), null);
  }

  @Test
  void theFirstPeriodIsNeverRepeated() {
    Decision d = after(standard(), "0,0,0,9,9");
    expect(d, Action.NEXT_PERIOD, at(0, 1, 0), null);
    assertThat(d.line()).isEqualTo("stage 0 period 0: next period 1, validation 9, the first period is never repeated");
  }

  @Test
  void repeatComparesWithTheBestOfThePreviousPeriod() {
    Decision d = after(standard(), "0,0,0,1.0,5", "0,1,0,1.6,5");
    expect(d, Action.REPEAT, at(0, 1, 1), at(0, 0, 0));
    assertThat(d.line()).isEqualTo("stage 0 period 1: repeat 1 from stage_0.0.0, validation 1.6 > 1 + 50% = 1.5");
    expect(after(standard(), "0,0,0,1.0,5", "0,1,0,1.5,5"), Action.NEXT_PERIOD, at(0, 2, 0), null);
  }

  @Test
  void repeatReloadsTheBestAttemptOfThePreviousPeriod() {
    // max_repeat 1: (0,1) is accepted by the cap after attempt 1; its best attempt is 0 (1.6)
    CurriculumStrategy s = TestStrategies.curriculum(3, 5, 2, 1, 0.5, false);
    String[] rows = {"0,0,0,1.0,5", "0,1,0,1.6,5", "0,1,1,1.7,5"};
    Decision capped = after(s, rows);
    expect(capped, Action.NEXT_PERIOD, at(0, 2, 0), null);
    assertThat(capped.line()).endsWith("validation 1.6 > 1 + 50% = 1.5, but attempt 1 reached max_repeat 1");
    // reference and reload target: best of (0,1) = attempt 0 (1.6, limit 2.4), not the latest
    expect(after(s, RepeatDecisionTest.append(rows, "0,2,0,2.3,5")), Action.NEXT_PERIOD, at(0, 3, 0), null);
    expect(after(s, RepeatDecisionTest.append(rows, "0,2,0,2.5,5")), Action.REPEAT, at(0, 2, 1), at(0, 1, 0));
  }

  @Test
  void theRepeatTestUsesTheBestAttemptOfTheCurrentPeriod() {
    CurriculumStrategy unlimited = TestStrategies.curriculum(3, 5, 2, 0, 0.5, false);
    // attempt 1 (1.4) is fine: accepted although attempt 0 exploded
    expect(after(unlimited, "0,0,0,1.0,5", "0,1,0,1.6,5", "0,1,1,1.4,5"), Action.NEXT_PERIOD, at(0, 2, 0), null);
    // the latest attempt (2.0) explodes but the best (1.6) also does: repeat, numbered after the latest
    expect(after(unlimited, "0,0,0,1.0,5", "0,1,0,1.6,5", "0,1,1,2.0,5"), Action.REPEAT, at(0, 1, 2), at(0, 0, 0));
  }

  @Test
  void capOnTheLatestAttemptVersusLegacyCapOnTheBest() {
    String[] rows = {"0,0,0,1.0,5", "0,1,0,1.6,5", "0,1,1,1.8,5", "0,1,2,1.9,5"};
    Decision fixed = after(TestStrategies.curriculum(3, 5, 2, 2, 0.5, false), rows);
    expect(fixed, Action.NEXT_PERIOD, at(0, 2, 0), null);
    assertThat(fixed.line()).endsWith("but attempt 2 reached max_repeat 2");
    // the original: cur = best attempt (repeat 0) < max_repeat, so it retries without bound
    Decision legacy = after(TestStrategies.curriculum(3, 5, 2, 2, 0.5, true), rows);
    expect(legacy, Action.REPEAT, at(0, 1, 3), at(0, 0, 0));
    // ... until the best attempt itself has index >= max_repeat
    expect(after(TestStrategies.curriculum(3, 5, 2, 2, 0.5, true),
        RepeatDecisionTest.append(rows, "0,1,3,1.55,5")), Action.NEXT_PERIOD, at(0, 2, 0), null);
    expect(after(TestStrategies.curriculum(3, 5, 2, 2, 0.5, true), "0,0,0,1.0,5", "0,1,0,1.9,5", "0,1,1,1.8,5",
        "0,1,2,1.7,5"), Action.NEXT_PERIOD, at(0, 2, 0), null);
  }

  @Test
  void periodZeroOfALaterStageComparesTheTrainingMetaLossWithTheBestValidationOfThePreviousStage() {
    String[] stage0 = {"0,0,0,3.0,9", "0,1,0,1.0,9", "0,2,0,1.4,9", "0,3,0,1.45,9"};
    CurriculumStrategy s = standard();
    // stage 0 ends at p = 3 (best period 1, 3 - 1 >= 2 chances)
    Decision end = after(s, stage0);
    expect(end, Action.NEXT_STAGE, at(1, 0, 0), at(0, 1, 0));
    assertThat(end.line()).isEqualTo("stage 0 period 3: next stage 1 from stage_0.1.0, validation 1.45 <= 1.4 + 50% = 2.1;"
        + " best period 1, 3 - 1 >= num_chances 2");
    // excellent validation, but training meta loss 5.0 > 1.0 + 50%: repeated from the best of stage 0
    Decision d = after(s, RepeatDecisionTest.append(stage0, "1,0,0,0.1,5.0"));
    expect(d, Action.REPEAT, at(1, 0, 1), at(0, 1, 0));
    assertThat(d.line()).isEqualTo("stage 1 period 0: repeat 1 from stage_0.1.0, training meta loss 5 > 1 + 50% = 1.5");
    // terrible validation, but training meta loss 1.2 is fine
    expect(after(s, RepeatDecisionTest.append(stage0, "1,0,0,100,1.2")), Action.NEXT_PERIOD, at(1, 1, 0), null);
  }

  @Test
  void aStageRunsAtLeastNumPeriodsPlusOnePeriodsThenWhileItImproves() {
    CurriculumStrategy s = standard(); // num_periods 2, num_chances 2
    // p = 1 < num_periods: continue even without improvement
    expect(after(s, "0,0,0,1.0,9", "0,1,0,1.4,9"), Action.NEXT_PERIOD, at(0, 2, 0), null);
    // p = 2 >= num_periods, best period 0: 2 - 0 >= 2 chances: the stage ends after 3 periods
    expect(after(s, "0,0,0,1.0,9", "0,1,0,1.4,9", "0,2,0,1.4,9"), Action.NEXT_STAGE, at(1, 0, 0), at(0, 0, 0));
    // improving: best period 2, p - p_best = 0, 1 < 2 chances, then 2 >= 2
    String[] improving = {"0,0,0,3.0,9", "0,1,0,2.0,9", "0,2,0,1.0,9"};
    Decision d = after(s, improving);
    expect(d, Action.NEXT_PERIOD, at(0, 3, 0), null);
    assertThat(d.line()).endsWith("; best period 2, 2 - 2 < num_chances 2");
    String[] more = RepeatDecisionTest.append(improving, "0,3,0,1.2,9");
    expect(after(s, more), Action.NEXT_PERIOD, at(0, 4, 0), null);
    expect(after(s, RepeatDecisionTest.append(more, "0,4,0,1.3,9")), Action.NEXT_STAGE, at(1, 0, 0), at(0, 2, 0));
  }

  @Test
  void rejectedAttemptsCountForTheBestOfTheStage() {
    CurriculumStrategy s = standard(); // max_repeat 2
    // stage 1 period 0: attempt 0 has the best validation (0.1) but a bad training meta loss (5 > 1.5), so it
    // decides every repeat test of the period until the cap accepts the period
    String[] rows = {"0,0,0,1.0,9", "1,0,0,0.1,5", "1,0,1,0.5,1", "1,0,2,0.6,1"};
    expect(after(s, rows), Action.NEXT_PERIOD, at(1, 1, 0), null);
    // the rejected attempt (1,0,0) is the best of the stage: p_best = 0, so p = 2 ends the stage and reloads it
    expect(after(s, RepeatDecisionTest.append(RepeatDecisionTest.append(rows, "1,1,0,0.14,1"), "1,2,0,0.14,1")),
        Action.NEXT_STAGE, at(2, 0, 0), at(1, 0, 0));
  }

  @Test
  void tiesGoToTheEarliestRow() {
    CurriculumStrategy s = TestStrategies.curriculum(3, 1, 2, 4, 0.5, false);
    // periods 0, 1, 2 all 1.0: p_best = 0 (earliest), so p = 2 ends the stage from stage_0.0.0
    expect(after(s, "0,0,0,1.0,9", "0,1,0,1.0,9"), Action.NEXT_PERIOD, at(0, 2, 0), null);
    expect(after(s, "0,0,0,1.0,9", "0,1,0,1.0,9", "0,2,0,1.0,9"), Action.NEXT_STAGE, at(1, 0, 0), at(0, 0, 0));
  }

  @Test
  void theLastStageEndsTraining() {
    CurriculumStrategy s = TestStrategies.curriculum(1, 0, 0, 4, 0.5, false);
    Decision d = after(s, "0,0,0,1.0,9");
    expect(d, Action.DONE, null, null);
    assertThat(d.line()).isEqualTo(
        "stage 0 period 0: done, validation 1, the first period is never repeated; best period 0, 0 - 0 >= num_chances 0");
    // with two stages the same period ends stage 0 instead, from its best checkpoint
    expect(after(TestStrategies.curriculum(2, 0, 0, 4, 0.5, false), "0,0,0,1.0,9"), Action.NEXT_STAGE, at(1, 0, 0),
        at(0, 0, 0));
  }

  @Test
  void nanValidationsAreSkipped() {
    CurriculumStrategy s = standard();
    // no finite reference in (0,0): (0,1) cannot be compared and is accepted
    Decision noRef = after(s, "0,0,0,nan,9", "0,1,0,1.0,9");
    expect(noRef, Action.NEXT_PERIOD, at(0, 2, 0), null);
    assertThat(noRef.line()).contains("no finite reference (stage 0 period 0 has no finite validation)");
    // a NaN period is repeated from the best (non-NaN) attempt of the previous period
    expect(after(s, "0,0,0,1.0,9", "0,1,0,nan,9"), Action.REPEAT, at(0, 1, 1), at(0, 0, 0));
    // NaN in every attempt of (0,1): repeated within the cap, numbered after the latest
    Decision d = after(s, "0,0,0,1.0,9", "0,1,0,nan,9", "0,1,1,nan,9");
    expect(d, Action.REPEAT, at(0, 1, 2), at(0, 0, 0));
    assertThat(d.line()).endsWith("validation is nan in every attempt");
    // a NaN attempt does not hide a good one: best of (0,1) is attempt 1
    expect(after(s, "0,0,0,1.0,9", "0,1,0,nan,9", "0,1,1,1.1,9"), Action.NEXT_PERIOD, at(0, 2, 0), null);
    // stage best skips NaN: p_best = 1
    expect(after(s, "0,0,0,5.0,9", "0,1,0,1.0,9", "0,2,0,nan,9", "0,2,1,nan,9", "0,2,2,nan,9"),
        Action.NEXT_PERIOD, at(0, 3, 0), null);
  }

  @Test
  void reloadFallsBackToTheLatestAttemptWhenAPreviousPeriodHasNoFiniteValidation() {
    CurriculumStrategy s = TestStrategies.curriculum(3, 5, 2, 1, 0.5, false);
    // (0,1) was accepted by the cap with NaN in both attempts; (0,2) is NaN: reload the latest of (0,1)
    expect(after(s, "0,0,0,1.0,9", "0,1,0,nan,9", "0,1,1,nan,9", "0,2,0,nan,9"), Action.REPEAT, at(0, 2, 1),
        at(0, 1, 1));
  }
}
