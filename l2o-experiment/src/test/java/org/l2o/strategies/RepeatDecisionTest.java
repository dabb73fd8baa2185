package org.l2o.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.l2o.strategies.Decision.Action;
import org.junit.jupiter.api.Test;

/** Decision tables of the repeat strategy (spec §6.2) and the simple strategy (§6.4). */
class RepeatDecisionTest {

  private static RepeatStrategy repeat(int numPeriods, int maxRepeat, double threshold) {
    return new RepeatStrategy(numPeriods, TestStrategies.schedules(), TestStrategies.VALIDATION, maxRepeat,
        threshold, 12345);
  }

  /** Decides after the last row of the table. */
  private static Decision after(RepeatStrategy s, String... lines) {
    History h = Tables.history(StrategyKind.REPEAT, lines);
    return s.decide(h.last().orElseThrow().position(), h);
  }

  private static void expect(Decision d, Action action, Position next, Position reload) {
    assertThat(d.action()).as(d.line()).isEqualTo(action);
    assertThat(d.next()).as(d.line()).isEqualTo(Optional.ofNullable(next));
    assertThat(d.reload()).as(d.line()).isEqualTo(Optional.ofNullable(reload));
  }

  @Test
  void periodZeroIsNeverRepeated() {
    Decision d = after(repeat(5, 4, 0.5), "period,repeat,validation", "0,0,9");
    expect(d, Action.NEXT_PERIOD, Position.period(1), null);
    assertThat(d.line()).isEqualTo("period 0: next period 1, validation 9, period 0 is never repeated");
    assertThat(d.startingPoint()).isEqualTo(Position.period(0));
  }

  @Test
  void aPeriodThatAppliedNoUpdateIsRepeatedWhateverItsValidation() {
    // period 1 skipped both of its meta-updates: its weights are period 0's, so is its validation
    String header = "period,repeat,validation,depth,epochs,skipped_updates";
    Decision d = after(repeat(5, 4, 0.5), header, "0,0,1.0,2,1,0", "1,0,1.0,2,1,2");
    expect(d, Action.REPEAT, Position.period(1, 1), Position.period(0));
    assertThat(d.line()).isEqualTo("period 1: repeat 1 from period_0.0, every meta-update of the period was skipped"
        + " (not finite or nothing measured)");
    expect(after(repeat(5, 4, 0.5), header, "0,0,1.0,2,1,0", "1,0,1.0,2,1,1"), Action.NEXT_PERIOD,
        Position.period(2), null);
    // within the cap
    expect(after(repeat(5, 1, 0.5), header, "0,0,1.0,2,1,0", "1,0,1.0,2,1,2", "1,1,1.0,2,1,2"), Action.NEXT_PERIOD,
        Position.period(2), null);
  }

  @Test
  void repeatsAboveThresholdFromThePreviousPeriod() {
    RepeatStrategy s = repeat(5, 4, 0.5);
    Decision d = after(s, "period,repeat,validation", "0,0,1.0", "1,0,1.6");
    expect(d, Action.REPEAT, Position.period(1, 1), Position.period(0, 0));
    assertThat(d.line()).isEqualTo("period 1: repeat 1 from period_0.0, validation 1.6 > 1 + 50% = 1.5");
    assertThat(d.startingPoint()).isEqualTo(Position.period(0, 0));
    // exactly at the limit is not an explosion (strict >)
    expect(after(s, "period,repeat,validation", "0,0,1.0", "1,0,1.5"), Action.NEXT_PERIOD, Position.period(2), null);
  }

  @Test
  void negativeLossesUseTheAbsoluteValue() {
    RepeatStrategy s = repeat(5, 4, 0.5);
    // log-ratio meta losses are negative: limit = -2 + 0.5 * 2 = -1
    expect(after(s, "period,repeat,validation", "0,0,-2", "1,0,-1.5"), Action.NEXT_PERIOD, Position.period(2), null);
    Decision d = after(s, "period,repeat,validation", "0,0,-2", "1,0,-0.5");
    expect(d, Action.REPEAT, Position.period(1, 1), Position.period(0));
    assertThat(d.line()).endsWith("validation -0.5 > -2 + 50% = -1");
  }

  @Test
  void comparesWithTheLatestRepeatOfThePreviousPeriodNotItsBest() {
    RepeatStrategy s = repeat(5, 1, 0.5);
    String[] rows = {"period,repeat,validation", "0,0,1.0", "1,0,2.0", "1,1,3.0"};
    // period 1: attempt 1 exploded too, but reached max_repeat 1 and was accepted
    Decision capped = after(s, rows);
    expect(capped, Action.NEXT_PERIOD, Position.period(2), null);
    assertThat(capped.line()).isEqualTo(
        "period 1 repeat 1: next period 2, validation 3 > 1 + 50% = 1.5, but attempt 1 reached max_repeat 1");
    // reference = latest of period 1 (3.0, limit 4.5), not its best (2.0, limit 3.0)
    expect(after(s, append(rows, "2,0,4.0")), Action.NEXT_PERIOD, Position.period(3), null);
    expect(after(s, append(rows, "2,0,5.0")), Action.REPEAT, Position.period(2, 1), Position.period(1, 1));
  }

  @Test
  void capAppliesToTheLatestAttemptAndZeroMeansUnlimited() {
    String[] rows = {"period,repeat,validation", "0,0,1.0", "1,0,9", "1,1,9", "1,2,9"};
    expect(after(repeat(5, 2, 0.5), rows), Action.NEXT_PERIOD, Position.period(2), null);
    expect(after(repeat(5, 3, 0.5), rows), Action.REPEAT, Position.period(1, 3), Position.period(0));
    expect(after(repeat(5, 0, 0.5), rows), Action.REPEAT, Position.period(1, 3), Position.period(0));
  }

  @Test
  void lastPeriodAcceptedIsDone() {
    RepeatStrategy s = repeat(2, 4, 0.5);
    Decision d = after(s, "period,repeat,validation", "0,0,1.0", "1,0,1.2");
    expect(d, Action.DONE, null, null);
    assertThat(d.done()).isTrue();
    assertThat(d.line()).isEqualTo("period 1: done, validation 1.2 <= 1 + 50% = 1.5");
    // ... but an exploded last period is still repeated
    expect(after(s, "period,repeat,validation", "0,0,1.0", "1,0,7"), Action.REPEAT, Position.period(1, 1),
        Position.period(0));
  }

  @Test
  void nanValidation() {
    RepeatStrategy s = repeat(5, 1, 0.5);
    // a NaN period is an explosion: repeated (the original compared with <, so it accepted it)
    Decision d = after(s, "period,repeat,validation", "0,0,1.0", "1,0,nan");
    expect(d, Action.REPEAT, Position.period(1, 1), Position.period(0));
    assertThat(d.line()).endsWith("validation is nan");
    // ... within the cap
    expect(after(s, "period,repeat,validation", "0,0,1.0", "1,0,nan", "1,1,nan"), Action.NEXT_PERIOD,
        Position.period(2), null);
    // a NaN reference repeats nothing finite
    Decision noRef = after(s, "period,repeat,validation", "0,0,1.0", "1,0,nan", "1,1,nan", "2,0,50");
    expect(noRef, Action.NEXT_PERIOD, Position.period(3), null);
    assertThat(noRef.line()).contains("no finite reference");
    // infinities compare as numbers
    expect(after(s, "period,repeat,validation", "0,0,1.0", "1,0,inf"), Action.REPEAT, Position.period(1, 1),
        Position.period(0));
  }

  @Test
  void decidesOnRowsNotFileOrderAndRejectsUnknownPositions() {
    RepeatStrategy s = repeat(5, 4, 0.5);
    History h = Tables.history(StrategyKind.REPEAT, "period,repeat,validation", "0,0,1.0");
    assertThatThrownBy(() -> s.decide(Position.period(1), h)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period_1.0");
    History gap = Tables.history(StrategyKind.REPEAT, "period,repeat,validation", "0,0,1.0", "2,0,1.0");
    assertThatThrownBy(() -> s.decide(Position.period(2), gap)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no row for period 1");
    assertThatThrownBy(() -> s.decide(new Position(1, 0, 0), h)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void simpleStrategyNeverRepeats() {
    SimpleStrategy s = new SimpleStrategy(3, TestStrategies.schedules(), TestStrategies.VALIDATION, 1);
    History h = Tables.history(StrategyKind.SIMPLE, "period,validation", "0,1.0", "1,nan");
    Decision d = s.decide(Position.period(1), h);
    expect(d, Action.NEXT_PERIOD, Position.period(2), null);
    assertThat(d.line()).isEqualTo("period 1: next period 2, validation nan");
    Decision done = s.decide(Position.period(2), h.with(new PeriodRecord(Position.period(2), 9, 9)));
    expect(done, Action.DONE, null, null);
    assertThat(done.line()).isEqualTo("period 2: done, validation 9, num_periods 3");
  }

  static String[] append(String[] rows, String row) {
    String[] out = java.util.Arrays.copyOf(rows, rows.length + 1);
    out[rows.length] = row;
    return out;
  }
}
