package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.io.SummaryTable;
import org.l2o.strategies.Decision;
import org.l2o.strategies.History;
import org.l2o.strategies.PeriodRecord;
import org.l2o.strategies.Position;
import org.l2o.strategies.Strategies;
import org.l2o.strategies.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repeat and curriculum strategies through the real CLI on real MNIST (spec §6.2, §6.3), a run killed with
 * SIGKILL in the middle of a period and resumed, and a corrupted checkpoint.
 */
class StrategyEndToEndTest {

  private static final List<String> SMALL = List.of("--presets=conv_train,adam", "--seed=3",
      "--strategy/unroll_len=5", "--strategy/depth=2", "--strategy/epochs=1");

  private static List<String> repeatArgs(Path dir) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=repeat", "--directory=" + dir));
    a.addAll(SMALL);
    // A negative threshold makes every period after the first a repeat until the cap: deterministic decisions.
    a.addAll(List.of("--strategy/num_periods=3", "--strategy/max_repeat=1", "--strategy/repeat_threshold=-10.0",
        "--strategy/validation_unroll=5", "--strategy/validation_depth=1", "--strategy/validation_epochs=1"));
    return a;
  }

  /** Replays the strategy's decisions over the summary rows: each row must be where the previous decision led. */
  private static void assertRowsFollowTheDecisions(Path dir, Strategy strategy, SummaryTable summary) {
    History history = History.empty(strategy.kind());
    Position expected = strategy.first();
    boolean staged = summary.columns().contains("stage");
    boolean repeated = summary.columns().contains("repeat");
    for (SummaryRow row : summary.rows()) {
      Position p = new Position(staged ? row.getInt("stage") : 0, row.getInt("period"),
          repeated ? row.getInt("repeat") : 0);
      assertThat(p).as("row after %s", history).isEqualTo(expected);
      history = history.with(new PeriodRecord(p, row.get("validation"), row.get("meta_loss")));
      Decision d = strategy.decide(p, history);
      if (d.done()) {
        assertThat(row).isEqualTo(summary.row(summary.size() - 1));
        return;
      }
      expected = d.next().orElseThrow();
    }
    throw new AssertionError("the schedule of " + dir + " is not finished: next would be " + expected);
  }

  @Test
  void repeatStrategyRepeatsUpToTheCapAndReloadsThePreviousPeriod(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of(repeatArgs(dir).toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    for (String name : List.of("period_0.0", "period_1.0", "period_1.1", "period_2.0", "period_2.1")) {
      assertThat(dir.resolve("checkpoint/" + name + ".index")).as(name).isRegularFile();
      assertThat(dir.resolve("log/" + name + ".npz")).as(name).isRegularFile();
    }
    assertThat(dir.resolve("checkpoint/period_1.2.index")).doesNotExist();
    assertThat(run.err()).contains("period 1: repeat 1 from period_0.0").contains("period 2: repeat 1 from period_1.1")
        .contains("restored period_0.0").contains("restored period_1.1");
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.columns()).containsSequence("period", "repeat");
    assertThat(summary.size()).isEqualTo(5);
    assertRowsFollowTheDecisions(dir, Strategies.fromConfig(ExperimentConfig.load(dir)), summary);
  }

  @Test
  void curriculumRunsTwoStagesAndStartsTheSecondFromTheBestOfTheFirst(@TempDir Path dir) throws Exception {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=curriculum", "--directory=" + dir));
    a.addAll(SMALL);
    a.addAll(List.of("--strategy/num_stages=2", "--strategy/num_periods=1", "--strategy/num_chances=1",
        "--strategy/depth={'type': 'list', 'values': [1, 2, 2]}", "--strategy/max_repeat=0",
        "--strategy/repeat_threshold=100.0"));
    CliRun run = CliRun.of(a.toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.columns()).containsSequence("stage", "period", "repeat");
    Strategy strategy = Strategies.fromConfig(ExperimentConfig.load(dir));
    assertRowsFollowTheDecisions(dir, strategy, summary);
    // Stage 0 ran at least num_periods + 1 periods, then the best of stage 0 seeded stage 1.
    List<SummaryRow> stage0 = summary.rows().stream().filter(r -> r.getInt("stage") == 0).toList();
    assertThat(stage0.size()).isGreaterThanOrEqualTo(2);
    SummaryRow best = stage0.stream().min((x, y) -> Double.compare(x.get("validation"), y.get("validation"))).orElseThrow();
    String bestName = "stage_0." + best.getInt("period") + "." + best.getInt("repeat");
    assertThat(run.err()).contains("next stage 1 from " + bestName).contains("restored " + bestName);
    assertThat(dir.resolve("checkpoint/stage_1.0.0.index")).isRegularFile();
    // Stage 1 trains with depth(1) = 2 meta-steps per instance, validates with depth(2) = 2.
    assertThat(summary.rows().stream().filter(r -> r.getInt("stage") == 1).findFirst().orElseThrow().get("depth"))
        .isEqualTo(2.0);
  }

  @Test
  void aRunKilledInTheMiddleOfAPeriodResumesWhereItStopped(@TempDir Path dir) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-cp", System.getProperty("java.class.path"), "-Dl2o.root=" + System.getProperty("l2o.root", "."),
        "org.l2o.cli.Main"));
    command.addAll(repeatArgs(dir));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling(dir.getFileName() + "-train.log").toFile()).start();
    Path summaryFile = dir.resolve("summary.csv");
    try {
      // Wait until period 0 is committed and period 1 has started, then kill without warning.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!(Files.exists(summaryFile) && SummaryCsv.read(summaryFile).size() >= 1)) {
        assertThat(process.isAlive()).as("training ended before it could be killed").isTrue();
        assertThat(System.nanoTime()).as("period 0 took too long").isLessThan(deadline);
        Thread.sleep(100);
      }
      Thread.sleep(1500);
    } finally {
      process.destroyForcibly(); // SIGKILL
      process.waitFor();
    }
    SummaryTable before = SummaryCsv.read(summaryFile);
    assertThat(before.size()).isBetween(1, 4);

    CliRun resumed = CliRun.of("resume", dir.toString());
    assertThat(resumed.status()).as(resumed.transcript()).isZero();
    assertThat(resumed.err()).contains("resuming");
    SummaryTable after = SummaryCsv.read(summaryFile);
    assertThat(after.size()).isEqualTo(5);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.row(i).values()).isEqualTo(before.row(i).values());
    }
    assertRowsFollowTheDecisions(dir, Strategies.fromConfig(ExperimentConfig.load(dir)), after);
  }

  @Test
  void aCorruptedCheckpointIsReportedWithItsPathAndNothingIsTouched(@TempDir Path dir) throws Exception {
    List<String> a = repeatArgs(dir);
    a.add("--max-periods=1");
    assertThat(CliRun.of(a.toArray(String[]::new)).status()).isZero();
    Path data = dir.resolve("checkpoint/period_0.0.data-00000-of-00001");
    byte[] whole = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(whole, whole.length / 2));
    byte[] summaryBefore = Files.readAllBytes(dir.resolve("summary.csv"));
    long files = countFiles(dir);

    CliRun resumed = CliRun.of("resume", dir.toString());
    assertThat(resumed.status()).isEqualTo(1);
    assertThat(resumed.err()).contains("period_0.0");
    assertThat(Files.readAllBytes(dir.resolve("summary.csv"))).isEqualTo(summaryBefore);
    assertThat(Files.size(data)).isEqualTo(whole.length / 2);
    assertThat(countFiles(dir)).isEqualTo(files);
  }

  private static long countFiles(Path dir) throws Exception {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
