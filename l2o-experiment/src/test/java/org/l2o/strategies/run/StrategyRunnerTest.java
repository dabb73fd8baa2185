package org.l2o.strategies.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.NpyDtype;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;
import org.l2o.core.json.PythonLiteral;
import org.l2o.core.train.MetaTrainingEvents;
import org.l2o.core.train.PeriodArgs;
import org.l2o.experiment.config.Configs;
import org.l2o.strategies.Decision;
import org.l2o.strategies.History;
import org.l2o.strategies.Position;
import org.l2o.strategies.Strategies;
import org.l2o.strategies.Strategy;
import org.l2o.strategies.StrategyKind;

/** The driver with a recording learner: files written, order of calls, decisions applied, resume semantics. */
class StrategyRunnerTest {
  @TempDir Path dir;

  /** The run seed of every runner here. */
  private static final long SEED = 42;

  private static final List<String> REPEAT_COLUMNS = List.of("validation", "time", "duration", "period", "repeat",
      "warmup", "warmup_rate", "p_teacher", "depth", "unroll_len", "epochs", "meta_loss", "imitation_loss",
      "skipped_updates", "teacher_0_diverged", "teacher_1_diverged");
  private static final StatsSelection WITH_COUNTS = new StatsSelection(List.of("meta_loss", "imitation_loss"),
      List.of("meta_loss", "imitation_loss", "teacher_counts"));

  /** Repeat: 3 periods, max_repeat 2, threshold 0.5, depth [1, 2], epochs 2, validation 1 x 1 x unroll 5. */
  private static Strategy repeat() {
    ObjectNode d = (ObjectNode) Configs.strategy("repeat").get("strategy");
    d.put("num_periods", 3);
    d.put("max_repeat", 2);
    d.put("repeat_threshold", 0.5);
    d.set("depth", PythonLiteral.parse("{'type': 'list', 'values': [1, 2]}"));
    d.put("epochs", 2);
    d.put("unroll_len", 5);
    d.put("validation_unroll", 5);
    d.put("validation_depth", 1);
    d.put("validation_epochs", 1);
    return Strategies.parse(StrategyKind.REPEAT, d);
  }

  /** Curriculum: 2 stages, num_periods 0, num_chances 1, max_repeat 1, threshold 0.5, depth [1, 2, 3], epochs 1. */
  private static Strategy curriculum() {
    ObjectNode d = (ObjectNode) Configs.strategy("curriculum").get("strategy");
    d.put("num_stages", 2);
    d.put("num_periods", 0);
    d.put("num_chances", 1);
    d.put("max_repeat", 1);
    d.put("repeat_threshold", 0.5);
    d.set("depth", PythonLiteral.parse("{'type': 'list', 'values': [1, 2, 3]}"));
    d.put("epochs", 1);
    d.put("unroll_len", 5);
    return Strategies.parse(StrategyKind.CURRICULUM, d);
  }

  /** 1000 s, then 2.5 s later at every call. */
  private static InstantSource clock() {
    long[] calls = {0};
    return () -> Instant.ofEpochMilli(1_000_000 + 2_500 * calls[0]++);
  }

  /** Records the listener's events (meta-steps counted, not listed). */
  private static final class Events implements ProgressListener {
    final List<String> events = new ArrayList<>();
    int metaSteps;

    @Override
    public void on(ProgressEvent event) {
      if (event instanceof StrategyEvents.RunStarted e) {
        events.add(e.start().fresh() ? "start fresh" : "resume after " + e.start().history().size() + " rows");
      } else if (event instanceof StrategyEvents.CheckpointRestored e) {
        events.add("restore " + e.prefix().getFileName());
      } else if (event instanceof StrategyEvents.PeriodStarted e) {
        events.add("start " + e.plan().name());
      } else if (event instanceof StrategyEvents.PeriodEnded e) {
        events.add("end " + e.plan().name() + " validation " + e.row().get("validation"));
      } else if (event instanceof StrategyEvents.DecisionMade e) {
        events.add(e.decision().line());
      } else if (event instanceof MetaTrainingEvents.MetaStep) {
        metaSteps++;
      }
    }
  }

  private StrategyRunner runner(Strategy s, StatsSelection stats, RecordingLearner learner, ProgressListener l) {
    return new StrategyRunner(dir, s, stats, learner, SEED, l, clock());
  }

  private static final double[] REPEAT_VALIDATION = {1.0, 2.0, 1.25, 1.5};

  @Test
  void runsRepeatStrategyToTheEnd() throws IOException {
    RecordingLearner learner = new RecordingLearner("A", new double[] {4, 3, 2.5, 2}, REPEAT_VALIDATION, 2);
    Events events = new Events();
    RunResult result = runner(repeat(), WITH_COUNTS, learner, events).run();

    assertThat(result.periodsTrained()).isEqualTo(4);
    assertThat(result.done()).isTrue();
    assertThat(result.lastDecision().orElseThrow().action()).isEqualTo(Decision.Action.DONE);
    assertThat(learner.calls).containsExactly(
        "train", "validate", "save period_0.0",
        "train", "validate", "save period_1.0",
        "restore period_0.0",
        "train", "validate", "save period_1.1",
        "train", "validate", "save period_2.0");
    // period 1 attempt 1 started from period 0's weights, not from the rejected attempt 0
    assertThat(learner.startingWeights).containsExactly("init", "A1", "A1", "A3");
    assertThat(events.events).containsExactly(
        "start fresh",
        "start period_0.0", "end period_0.0 validation 1.0",
        "period 0: next period 1, validation 1, period 0 is never repeated",
        "start period_1.0", "end period_1.0 validation 2.0",
        "period 1: repeat 1 from period_0.0, validation 2 > 1 + 50% = 1.5",
        "restore period_0.0",
        "start period_1.1", "end period_1.1 validation 1.25",
        "period 1 repeat 1: next period 2, validation 1.25 <= 1 + 50% = 1.5",
        "start period_2.0", "end period_2.0 validation 1.5",
        "period 2: done, validation 1.5 <= 1.25 + 50% = 1.875");
    // meta-steps: training epochs 2 x depth [1, 2, 2, 2], validation 1 x 1 each
    assertThat(events.metaSteps).isEqualTo(2 * (1 + 2 + 2 + 2) + 4);

    // arguments: training from the schedules, validation with p_teacher 0 and the validation seed
    assertThat(learner.args.get(2)).isEqualTo(new PeriodArgs(5, 2, 2, 0, 0.0, 0.0, false,
        StrategyRunner.trainingSeed(SEED, Position.period(1, 0))));
    assertThat(learner.args.get(3)).isEqualTo(new PeriodArgs(5, 1, 1, 0, 0.01, 0.0, true, 12345L));

    // summary.csv: the spec's column order, one row per period in training order
    SummaryTable table = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(table.columns()).isEqualTo(REPEAT_COLUMNS);
    assertThat(table.column("validation")).containsExactly(1.0, 2.0, 1.25, 1.5);
    assertThat(table.column("period")).containsExactly(0, 1, 1, 2);
    assertThat(table.column("repeat")).containsExactly(0, 0, 1, 0);
    assertThat(table.column("depth")).containsExactly(1, 2, 2, 2);
    assertThat(table.column("epochs")).containsExactly(2, 2, 2, 2);
    assertThat(table.column("unroll_len")).containsExactly(5, 5, 5, 5);
    assertThat(table.column("warmup_rate")).containsExactly(0, 0, 0, 0);
    assertThat(table.column("p_teacher")).containsExactly(0, 0, 0, 0);
    assertThat(table.column("meta_loss")).containsExactly(4, 3, 2.5, 2);
    // imitation 0.5 * i over i = 0..steps-1: mean 0.25 for 2 steps, 0.75 for 4
    assertThat(table.column("imitation_loss")).containsExactly(0.25, 0.75, 0.75, 0.75);
    // the clock ticks 2.5 s per call, two calls per period
    assertThat(table.column("time")).containsExactly(1002.5, 1007.5, 1012.5, 1017.5);
    assertThat(table.column("duration")).containsExactly(2.5, 2.5, 2.5, 2.5);

    // checkpoints and logs of every period
    for (String name : List.of("period_0.0", "period_1.0", "period_1.1", "period_2.0")) {
      assertThat(TensorCheckpoint.exists(dir.resolve("checkpoint").resolve(name))).as(name).isTrue();
    }
    Map<String, NpyArray> log = Npz.read(dir.resolve("log/period_1.1.npz"));
    assertThat(log.keySet()).containsExactly("meta_loss", "imitation_loss", "teacher_counts");
    assertThat(log.get("meta_loss").shape()).containsExactly(1L, 4L);
    assertThat(log.get("meta_loss").dtype()).isEqualTo(NpyDtype.FLOAT32);
    assertThat(log.get("meta_loss").floats()).containsExactly(2.5f, 2.5f, 2.5f, 2.5f);
    assertThat(log.get("imitation_loss").floats()).containsExactly(0f, 0.5f, 1f, 1.5f);
    assertThat(log.get("teacher_counts").shape()).containsExactly(1L, 4L, 2L);
    assertThat(log.get("teacher_counts").dtype()).isEqualTo(NpyDtype.INT32);
    assertThat(log.get("teacher_counts").ints()).containsExactly(0, 1, 1, 2, 2, 3, 3, 4);
    assertThat(Npz.read(dir.resolve("log/period_0.0.npz")).get("meta_loss").shape()).containsExactly(1L, 2L);

    // the default checkpoint for evaluation: last period, latest repeat
    History history = History.read(dir.resolve("summary.csv"), StrategyKind.REPEAT);
    assertThat(repeat().defaultCheckpoint(history)).contains(Position.period(2, 0));
  }

  @Test
  void resumesAPendingRepeatFromItsReloadTarget() throws IOException {
    RecordingLearner first = new RecordingLearner("A", new double[] {4, 3}, new double[] {1.0, 2.0}, 2);
    RunResult partial = runner(repeat(), WITH_COUNTS, first, ProgressListener.NONE).run(2);
    assertThat(partial.periodsTrained()).isEqualTo(2);
    assertThat(partial.done()).isFalse();
    assertThat(partial.lastDecision().orElseThrow().action()).isEqualTo(Decision.Action.REPEAT);
    // the repeat decision already restored the reload target in the running learner
    assertThat(first.calls).endsWith("save period_1.0", "restore period_0.0");

    RecordingLearner second = new RecordingLearner("B", new double[] {2.5, 2}, new double[] {1.25, 1.5}, 2);
    Events events = new Events();
    RunResult rest = runner(repeat(), WITH_COUNTS, second, events).run();
    assertThat(rest.periodsTrained()).isEqualTo(2);
    assertThat(rest.done()).isTrue();
    assertThat(second.calls).startsWith("restore period_0.0", "train");
    assertThat(second.startingWeights).containsExactly("A1", "B1");
    assertThat(events.events).startsWith("resume after 2 rows", "restore period_0.0", "start period_1.1");
    assertSameRowsAsAnUninterruptedRun();
  }

  /** The seeds of the training runs a learner was handed, in order. */
  private static List<Long> trainingSeeds(RecordingLearner learner) {
    return learner.args.stream().filter(a -> !a.validation()).map(PeriodArgs::seed).toList();
  }

  @Test
  void aResumedRunTrainsWithTheSeedsOfTheUninterruptedRun() throws IOException {
    RecordingLearner whole = new RecordingLearner("A", new double[] {4, 3, 2.5, 2}, REPEAT_VALIDATION, 2);
    runner(repeat(), WITH_COUNTS, whole, ProgressListener.NONE).run();
    List<Long> expected = trainingSeeds(whole);
    assertThat(expected).hasSize(4).doesNotContainNull().doesNotHaveDuplicates();

    Path other = dir.resolve("other");
    RecordingLearner first = new RecordingLearner("B", new double[] {4, 3}, new double[] {1.0, 2.0}, 2);
    new StrategyRunner(other, repeat(), WITH_COUNTS, first, SEED, ProgressListener.NONE).run(2);
    RecordingLearner second = new RecordingLearner("C", new double[] {2.5, 2}, new double[] {1.25, 1.5}, 2);
    new StrategyRunner(other, repeat(), WITH_COUNTS, second, SEED, ProgressListener.NONE).run();
    List<Long> resumed = new ArrayList<>(trainingSeeds(first));
    resumed.addAll(trainingSeeds(second));
    assertThat(resumed).isEqualTo(expected);
    // the seeds are the run seed's: attempt 1 of period 1 gets its own, another run seed gives others
    assertThat(expected.get(2)).isEqualTo(org.l2o.core.random.Seeds.derive(SEED,
        org.l2o.core.random.Seeds.PERIOD, 0, 1, 1));
    Path third = dir.resolve("third");
    RecordingLearner otherSeed = new RecordingLearner("D", new double[] {4}, new double[] {1.0}, 2);
    new StrategyRunner(third, repeat(), WITH_COUNTS, otherSeed, SEED + 1, ProgressListener.NONE).run(1);
    assertThat(trainingSeeds(otherSeed).get(0)).isNotEqualTo(expected.get(0));
  }

  @Test
  void resumesAnAcceptedPeriodFromItsOwnCheckpoint() throws IOException {
    RecordingLearner first = new RecordingLearner("A", new double[] {4}, new double[] {1.0}, 2);
    runner(repeat(), WITH_COUNTS, first, ProgressListener.NONE).run(1);
    RecordingLearner second = new RecordingLearner("B", new double[] {3, 2.5, 2}, new double[] {2.0, 1.25, 1.5}, 2);
    runner(repeat(), WITH_COUNTS, second, ProgressListener.NONE).run();
    assertThat(second.calls).startsWith("restore period_0.0", "train", "validate", "save period_1.0",
        "restore period_0.0");
    assertThat(second.startingWeights).containsExactly("A1", "A1", "B2");
    assertSameRowsAsAnUninterruptedRun();
  }

  private void assertSameRowsAsAnUninterruptedRun() throws IOException {
    SummaryTable table = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(table.columns()).isEqualTo(REPEAT_COLUMNS);
    assertThat(table.column("validation")).containsExactly(1.0, 2.0, 1.25, 1.5);
    assertThat(table.column("period")).containsExactly(0, 1, 1, 2);
    assertThat(table.column("repeat")).containsExactly(0, 0, 1, 0);
    assertThat(table.column("meta_loss")).containsExactly(4, 3, 2.5, 2);
  }

  @Test
  void aFinishedExperimentTrainsNothingMore() throws IOException {
    runner(repeat(), WITH_COUNTS, new RecordingLearner("A", new double[0], REPEAT_VALIDATION, 2),
        ProgressListener.NONE).run();
    RecordingLearner again = new RecordingLearner("B", new double[0], new double[0], 2);
    RunResult result = runner(repeat(), WITH_COUNTS, again, ProgressListener.NONE).run();
    assertThat(result.periodsTrained()).isZero();
    assertThat(result.done()).isTrue();
    assertThat(result.lastDecision().orElseThrow().line()).startsWith("period 2: done");
    assertThat(again.calls).isEmpty();
  }

  @Test
  void filesWithoutASummaryRowAreIgnoredAndOverwritten() throws IOException {
    runner(repeat(), WITH_COUNTS, new RecordingLearner("A", new double[0], new double[] {1.0}, 2),
        ProgressListener.NONE).run(1);
    // a period killed after saving: checkpoint and log exist, the summary row does not
    Path stale = dir.resolve("checkpoint/period_1.0");
    Files.writeString(TensorCheckpoint.indexFile(stale), "stale");
    Files.writeString(TensorCheckpoint.dataFile(stale), "stale");
    Files.writeString(dir.resolve("log/period_1.0.npz"), "not a zip");
    RecordingLearner second = new RecordingLearner("B", new double[0], new double[] {1.25}, 2);
    runner(repeat(), WITH_COUNTS, second, ProgressListener.NONE).run(1);
    assertThat(second.startingWeights).containsExactly("A1");
    assertThat(Files.readString(TensorCheckpoint.indexFile(stale))).isEqualTo("B1");
    assertThat(Npz.read(dir.resolve("log/period_1.0.npz"))).containsKey("meta_loss");
    assertThat(SummaryCsv.read(dir.resolve("summary.csv")).size()).isEqualTo(2);
    // a fresh directory ignores stale files too
    Path other = dir.resolve("other");
    Files.createDirectories(other.resolve("checkpoint"));
    Files.writeString(other.resolve("checkpoint/period_0.0.index"), "stale");
    RecordingLearner third = new RecordingLearner("C", new double[0], new double[] {1.0}, 2);
    new StrategyRunner(other, repeat(), WITH_COUNTS, third, SEED, ProgressListener.NONE).run(1);
    assertThat(third.calls).containsExactly("train", "validate", "save period_0.0");
  }

  @Test
  void aRowWithoutItsCheckpointOrLogIsAnError() throws IOException {
    runner(repeat(), WITH_COUNTS, new RecordingLearner("A", new double[0], new double[] {1.0, 2.0}, 2),
        ProgressListener.NONE).run(2);
    Path index = dir.resolve("checkpoint/period_1.0.index");
    Files.move(index, dir.resolve("moved"));
    RecordingLearner second = new RecordingLearner("B", new double[0], new double[] {1.0}, 2);
    assertThatThrownBy(() -> runner(repeat(), WITH_COUNTS, second, ProgressListener.NONE).run())
        .isInstanceOf(ExperimentStateException.class)
        .hasMessageContaining(dir.resolve("summary.csv") + ":3")
        .hasMessageContaining("period_1.0.index");
    assertThat(second.calls).isEmpty();
    Files.move(dir.resolve("moved"), index);

    Files.delete(dir.resolve("checkpoint/period_0.0.data-00000-of-00001"));
    assertThatThrownBy(() -> runner(repeat(), WITH_COUNTS, second, ProgressListener.NONE).run())
        .isInstanceOf(ExperimentStateException.class)
        .hasMessageContaining(dir.resolve("summary.csv") + ":2")
        .hasMessageContaining("period_0.0.data-00000-of-00001");

    Path other = dir.resolve("other");
    new StrategyRunner(other, repeat(), WITH_COUNTS,
        new RecordingLearner("C", new double[0], new double[] {1.0}, 2), SEED, ProgressListener.NONE).run(1);
    Files.delete(other.resolve("log/period_0.0.npz"));
    assertThatThrownBy(() -> new StrategyRunner(other, repeat(), WITH_COUNTS, second, SEED, ProgressListener.NONE).run())
        .isInstanceOf(ExperimentStateException.class).hasMessageContaining("period_0.0.npz");
    // without stack_stats there is no log to require
    StatsSelection noLogs = new StatsSelection(List.of("meta_loss", "imitation_loss"), List.of());
    RecordingLearner fourth = new RecordingLearner("D", new double[0], new double[] {1.0}, 2);
    new StrategyRunner(other, repeat(), noLogs, fourth, SEED, ProgressListener.NONE).run(1);
    assertThat(fourth.calls).containsExactly("restore period_0.0", "train", "validate", "save period_1.0");
    assertThat(other.resolve("log/period_1.0.npz")).doesNotExist();
  }

  @Test
  void aSummaryWithTheOriginalsColumnsAloneIsResumedAndGainsTheAddedColumns() throws IOException {
    runner(repeat(), WITH_COUNTS, new RecordingLearner("A", new double[0], new double[] {1.0, 2.0}, 2),
        ProgressListener.NONE).run(2);
    Path summary = dir.resolve("summary.csv");
    // the file as the original (or l2o before skipped_updates / teacher_k_diverged) wrote it
    StringBuilder old = new StringBuilder();
    for (String line : Files.readAllLines(summary)) {
      String[] cells = line.split(",", -1);
      old.append(String.join(",", Arrays.copyOf(cells, cells.length - 3))).append('\n');
    }
    Files.writeString(summary, old.toString(), StandardCharsets.UTF_8);
    assertThat(SummaryCsv.read(summary).columns()).hasSize(REPEAT_COLUMNS.size() - 3);

    RecordingLearner second = new RecordingLearner("B", new double[0], new double[] {1.25, 1.5}, 2);
    assertThat(runner(repeat(), WITH_COUNTS, second, ProgressListener.NONE).run().done()).isTrue();
    SummaryTable table = SummaryCsv.read(summary);
    assertThat(table.columns()).isEqualTo(REPEAT_COLUMNS);
    assertThat(table.column("validation")).containsExactly(1.0, 2.0, 1.25, 1.5);
    assertThat(table.column("skipped_updates")).containsExactly(Double.NaN, Double.NaN, 0, 0);
    assertThat(table.column("teacher_1_diverged")).containsExactly(Double.NaN, Double.NaN, 0, 0);
  }

  @Test
  void aTruncatedOrForeignSummaryIsReportedWithPathAndLine() throws IOException {
    runner(repeat(), WITH_COUNTS, new RecordingLearner("A", new double[0], new double[] {1.0, 2.0}, 2),
        ProgressListener.NONE).run(2);
    Path summary = dir.resolve("summary.csv");
    String text = Files.readString(summary);
    Files.writeString(summary, text.substring(0, text.length() - 6), StandardCharsets.UTF_8);
    RecordingLearner second = new RecordingLearner("B", new double[0], new double[] {1.0}, 2);
    assertThatThrownBy(() -> runner(repeat(), WITH_COUNTS, second, ProgressListener.NONE).run())
        .isInstanceOf(FileFormatException.class).hasMessageContaining(summary + ":3");
    Files.writeString(summary, text);
    // other mean_stats: other columns
    StatsSelection metaOnly = new StatsSelection(List.of("meta_loss"), List.of("meta_loss"));
    assertThatThrownBy(() -> runner(repeat(), metaOnly, second, ProgressListener.NONE).run())
        .isInstanceOf(FileFormatException.class).hasMessageContaining(summary + ":1: the columns");
    // another strategy's summary
    assertThatThrownBy(() -> runner(curriculum(), WITH_COUNTS, second, ProgressListener.NONE).run())
        .isInstanceOf(FileFormatException.class).hasMessageContaining("stage");
    assertThat(second.calls).isEmpty();
  }

  /**
   * Curriculum: stage 0 runs periods 0-2 (best period 1, 2 - 1 >= 1 chance), stage 1 starts from stage_0.1.0; its
   * period 1 explodes, is repeated from stage_1.0.0, hits max_repeat 1 and ends the last stage.
   */
  private static final double[] CURRICULUM_TRAINING = {0.9, 0.9, 0.9, 0.6, 0.9, 0.9};
  private static final double[] CURRICULUM_VALIDATION = {1.0, 0.5, 0.75, 0.375, 2.0, 3.0};

  @Test
  void runsCurriculumThroughAStageChange() throws IOException {
    RecordingLearner learner = new RecordingLearner("A", CURRICULUM_TRAINING, CURRICULUM_VALIDATION, 0);
    Events events = new Events();
    RunResult result = runner(curriculum(), StatsSelection.DEFAULT, learner, events).run();
    assertThat(result.periodsTrained()).isEqualTo(6);
    assertThat(learner.calls).filteredOn(c -> !c.equals("train") && !c.equals("validate")).containsExactly(
        "save stage_0.0.0", "save stage_0.1.0", "save stage_0.2.0", "restore stage_0.1.0",
        "save stage_1.0.0", "save stage_1.1.0", "restore stage_1.0.0", "save stage_1.1.1");
    assertThat(learner.startingWeights).containsExactly("init", "A1", "A2", "A2", "A4", "A4");
    assertThat(events.events).filteredOn(e -> e.startsWith("stage")).containsExactly(
        "stage 0 period 0: next period 1, validation 1, the first period is never repeated; best period 0, "
            + "0 - 0 < num_chances 1",
        "stage 0 period 1: next period 2, validation 0.5 <= 1 + 50% = 1.5; best period 1, 1 - 1 < num_chances 1",
        "stage 0 period 2: next stage 1 from stage_0.1.0, validation 0.75 <= 0.5 + 50% = 0.75; best period 1, "
            + "2 - 1 >= num_chances 1",
        "stage 1 period 0: next period 1, training meta loss 0.6 <= 0.5 + 50% = 0.75; best period 0, "
            + "0 - 0 < num_chances 1",
        "stage 1 period 1: repeat 1 from stage_1.0.0, validation 2 > 0.375 + 50% = 0.5625",
        "stage 1 period 1 repeat 1: done, validation 2 > 0.375 + 50% = 0.5625, but attempt 1 reached max_repeat 1; "
            + "best period 0, 1 - 0 >= num_chances 1");
    // stage s trains with depth(s) and validates with depth(s + 1)
    assertThat(learner.args.get(0)).isEqualTo(new PeriodArgs(5, 1, 1, 1, 0.05, 0.0, false,
        StrategyRunner.trainingSeed(SEED, new Position(0, 0, 0))));
    assertThat(learner.args.get(1)).isEqualTo(new PeriodArgs(5, 2, 1, 1, 0.05, 0.0, true, 12345L));
    assertThat(learner.args.get(6)).isEqualTo(new PeriodArgs(5, 2, 1, 1, 0.05, 0.0, false,
        StrategyRunner.trainingSeed(SEED, new Position(1, 0, 0))));
    assertThat(learner.args.get(7)).isEqualTo(new PeriodArgs(5, 3, 1, 1, 0.05, 0.0, true, 12345L));

    SummaryTable table = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(table.columns()).containsExactly("validation", "time", "duration", "stage", "period", "repeat",
        "warmup", "warmup_rate", "p_teacher", "depth", "unroll_len", "epochs", "meta_loss", "imitation_loss",
        "skipped_updates");
    assertThat(table.column("stage")).containsExactly(0, 0, 0, 1, 1, 1);
    assertThat(table.column("period")).containsExactly(0, 1, 2, 0, 1, 1);
    assertThat(table.column("repeat")).containsExactly(0, 0, 0, 0, 0, 1);
    assertThat(table.column("warmup_rate")).containsExactly(0.05, 0.05, 0.05, 0.05, 0.05, 0.05);
    assertThat(Npz.read(dir.resolve("log/stage_1.1.1.npz")).keySet()).containsExactly("meta_loss", "imitation_loss");

    History history = History.read(dir.resolve("summary.csv"), StrategyKind.CURRICULUM);
    assertThat(curriculum().defaultCheckpoint(history)).contains(new Position(1, 0, 0));
  }

  @Test
  void resumingAtAStageChangeRestoresTheBestCheckpointOfTheStage() throws IOException {
    runner(curriculum(), StatsSelection.DEFAULT, new RecordingLearner("A", CURRICULUM_TRAINING,
        CURRICULUM_VALIDATION, 0), ProgressListener.NONE).run(3);
    RecordingLearner second = new RecordingLearner("B", new double[] {0.6, 0.9, 0.9}, new double[] {0.375, 2.0, 3.0},
        0);
    RunResult result = runner(curriculum(), StatsSelection.DEFAULT, second, ProgressListener.NONE).run();
    assertThat(result.done()).isTrue();
    assertThat(second.calls.get(0)).isEqualTo("restore stage_0.1.0");
    assertThat(second.startingWeights).containsExactly("A2", "B1", "B1");
    assertThat(SummaryCsv.read(dir.resolve("summary.csv")).column("validation"))
        .containsExactly(1.0, 0.5, 0.75, 0.375, 2.0, 3.0);
  }

  @Test
  void fromConfigReadsStrategyAndStatistics() throws IOException {
    ObjectNode config = Configs.defaults("simple", "rnnprop");
    ObjectNode strategy = (ObjectNode) config.get("strategy");
    strategy.put("num_periods", 2);
    strategy.put("depth", 1);
    strategy.put("epochs", 1);
    strategy.put("validation_depth", 1);
    strategy.put("validation_epochs", 1);
    ((ObjectNode) config.get("training")).set("mean_stats", PythonLiteral.parse("['imitation_loss']"));
    RecordingLearner learner = new RecordingLearner("A", new double[0], new double[] {1.0, 0.5}, 0);
    StrategyRunner runner = StrategyRunner.fromConfig(dir, config, learner, SEED, ProgressListener.NONE);
    assertThat(runner.run().periodsTrained()).isEqualTo(2);
    SummaryTable table = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(table.columns()).containsExactly("validation", "time", "duration", "period", "warmup", "warmup_rate",
        "p_teacher", "depth", "unroll_len", "epochs", "imitation_loss", "skipped_updates");
    assertThat(learner.calls).containsExactly("train", "validate", "save period_0", "train", "validate",
        "save period_1");
    assertThat(dir.resolve("log/period_1.npz")).exists();
  }

  @Test
  void statisticsSelectionRejectsUnsupportedNames() {
    assertThatThrownBy(() -> new StatsSelection(List.of("meta_loss"), List.of("teacher_loss")))
        .hasMessageContaining("training/stack_stats: 'teacher_loss' is not supported yet");
    assertThatThrownBy(() -> new StatsSelection(List.of("meta_loss", "meta_loss"), List.of()))
        .hasMessageContaining("listed twice");
    assertThat(StatsSelection.fromConfig(Configs.defaults("repeat", "rnnprop"))).isEqualTo(StatsSelection.DEFAULT);
  }
}
