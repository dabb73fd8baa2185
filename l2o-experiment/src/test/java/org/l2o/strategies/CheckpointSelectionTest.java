package org.l2o.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.SummaryCsv;
import org.junit.jupiter.api.Test;

/** The checkpoint used for evaluation and packaging (spec §6.2, §6.3, §10.3), and reading histories. */
class CheckpointSelectionTest {
  private static final OptionalInt NONE = OptionalInt.empty();

  @Test
  void repeatTakesTheLastPeriodsLatestRepeatNotTheBest() {
    RepeatStrategy s = new RepeatStrategy(5, TestStrategies.schedules(), TestStrategies.VALIDATION, 4, 0.5, 1);
    History h = Tables.history(StrategyKind.REPEAT, "period,repeat,validation", "0,0,1", "1,0,5", "1,1,1.2",
        "2,0,0.1", "2,1,0.9");
    assertThat(s.defaultCheckpoint(h)).contains(Position.period(2, 1));
    assertThat(s.select(h, NONE, OptionalInt.of(1))).contains(Position.period(1, 1));
    assertThat(s.select(h, NONE, OptionalInt.of(7))).isEmpty();
    assertThat(s.defaultCheckpoint(History.empty(StrategyKind.REPEAT))).isEmpty();
    assertThatThrownBy(() -> s.select(h, OptionalInt.of(0), NONE)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void simpleTakesTheLastPeriod() {
    SimpleStrategy s = new SimpleStrategy(5, TestStrategies.schedules(), TestStrategies.VALIDATION, 1);
    History h = Tables.history(StrategyKind.SIMPLE, "period,validation", "0,1", "1,0.5", "2,0.7");
    assertThat(s.defaultCheckpoint(h)).contains(Position.period(2));
    assertThat(s.select(h, NONE, OptionalInt.of(1))).contains(Position.period(1));
    assertThat(s.checkpointName(Position.period(2))).isEqualTo("period_2");
  }

  @Test
  void curriculumTakesTheBestRowOfTheLastStage() {
    CurriculumStrategy s = TestStrategies.curriculum(4, 2, 2, 4, 0.5, false);
    History h = Tables.history(StrategyKind.CURRICULUM, "stage,period,repeat,validation",
        "0,0,0,0.1", "0,1,0,0.2",
        "1,0,0,0.9", "1,1,0,0.8", "1,2,0,0.95", "1,2,1,0.5", "1,3,0,0.5", "1,3,1,nan");
    // (1,2,1) and (1,3,0) tie at 0.5: the earliest; stage 0's lower values do not count
    assertThat(s.defaultCheckpoint(h)).contains(new Position(1, 2, 1));
    assertThat(s.checkpointName(new Position(1, 2, 1))).isEqualTo("stage_1.2.1");
    // --stages=0: best period and repeat of stage 0; --stages=1 --periods=2: best repeat of (1, 2)
    assertThat(s.select(h, OptionalInt.of(0), NONE)).contains(new Position(0, 0, 0));
    assertThat(s.select(h, OptionalInt.of(1), OptionalInt.of(2))).contains(new Position(1, 2, 1));
    assertThat(s.select(h, NONE, OptionalInt.of(1))).contains(new Position(1, 1, 0));
    assertThat(s.select(h, OptionalInt.of(3), NONE)).isEmpty();
  }

  @Test
  void curriculumStageWithoutFiniteValidationFallsBackToItsLastRow() {
    CurriculumStrategy s = TestStrategies.curriculum(4, 2, 2, 4, 0.5, false);
    History h = Tables.history(StrategyKind.CURRICULUM, "stage,period,repeat,validation",
        "0,0,0,0.1", "1,0,0,nan", "1,0,1,nan");
    assertThat(s.defaultCheckpoint(h)).contains(new Position(1, 0, 1));
  }

  @Test
  void historiesReadFromSummaryFilesAreChecked() {
    // pandas writes integer columns of a float frame as 3.0: accepted
    History h = Tables.history(StrategyKind.REPEAT, "validation,time,period,repeat,meta_loss", "0.5,1.0,3.0,1.0,2.5");
    assertThat(h.records()).containsExactly(new PeriodRecord(Position.period(3, 1), 0.5, 2.5));
    assertThat(Tables.history(StrategyKind.REPEAT, "period,repeat,validation", "0,0,1").records().get(0).metaLoss())
        .isNaN();
    assertThatThrownBy(() -> History.fromTable(SummaryCsv.parse("period,validation\n0,1\n", "s.csv"),
        StrategyKind.REPEAT, "s.csv")).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("s.csv: no column 'repeat'");
    assertThatThrownBy(() -> History.fromTable(SummaryCsv.parse("period,repeat,validation\n0,0,1\n0,0,2\n", "s.csv"),
        StrategyKind.REPEAT, "s.csv")).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("s.csv:3: period 0 is already on line 2");
    assertThatThrownBy(() -> History.fromTable(SummaryCsv.parse("period,repeat,validation\n0,0.5,1\n", "s.csv"),
        StrategyKind.REPEAT, "s.csv")).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("s.csv:2: column 'repeat' holds 0.5");
    assertThatThrownBy(() -> History.fromTable(SummaryCsv.parse("period,repeat,validation\n,0,1\n", "s.csv"),
        StrategyKind.REPEAT, "s.csv")).hasMessageContaining("s.csv:2: column 'period' is empty");
  }

  @Test
  void checkpointNamesAndLabels() {
    Position p = new Position(2, 3, 1);
    assertThat(StrategyKind.CURRICULUM.checkpointName(p)).isEqualTo("stage_2.3.1");
    assertThat(StrategyKind.REPEAT.checkpointName(Position.period(3, 1))).isEqualTo("period_3.1");
    assertThat(StrategyKind.CURRICULUM.label(p)).isEqualTo("stage 2 period 3 repeat 1");
    assertThat(StrategyKind.CURRICULUM.label(new Position(2, 3, 0))).isEqualTo("stage 2 period 3");
    assertThat(StrategyKind.CURRICULUM.metadata(p)).containsExactly(
        java.util.Map.entry("stage", 2), java.util.Map.entry("period", 3), java.util.Map.entry("repeat", 1));
    assertThat(Optional.of(StrategyKind.fromConstructorName("CurriculumLearningStrategy")))
        .contains(StrategyKind.CURRICULUM);
  }
}
