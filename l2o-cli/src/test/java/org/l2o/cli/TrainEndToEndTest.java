package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code l2o train} / {@code l2o resume} through the real CLI on real MNIST: min-max amalgamation of the small
 * pool (Adam, RMSProp) with a short simple schedule (spec §5-§7, §6.5).
 */
class TrainEndToEndTest {
  private static final int PERIODS = 5;
  private static final int DEPTH = 10;

  private static List<String> args(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--policy=rnnprop",
        "--presets=conv_train,adam,rmsprop,log_teachers", "--directory=" + dir, "--seed=1",
        "--strategy/num_periods=" + PERIODS, "--strategy/unroll_len=10", "--strategy/depth=" + DEPTH, "--strategy/epochs=1",
        "--strategy/warmup=1", "--strategy/warmup_rate=0.05", "--strategy/annealing_schedule=0.1",
        "--strategy/validation_unroll=10", "--strategy/validation_depth=5", "--strategy/validation_epochs=1",
        "--strategy/validation_warmup=1", "--strategy/validation_warmup_rate=0.05",
        "--optimizer/config/learning_rate=0.005"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void minMaxTrainingWritesTheExperimentDirectoryAndLearns(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of(args(dir).toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.err()).contains("period 0 training").contains("period 2 done in");

    assertThat(dir.resolve("config.json")).isRegularFile();
    assertThat(Files.readString(dir.resolve("config.json"))).contains("\"loss_reduce\": \"reduce_max\"");
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.columns()).containsExactly("validation", "time", "duration", "period", "warmup",
        "warmup_rate", "p_teacher", "depth", "unroll_len", "epochs", "meta_loss", "imitation_loss", "skipped_updates",
        "teacher_0_diverged", "teacher_1_diverged");
    assertThat(summary.size()).isEqualTo(PERIODS);
    RnnProp policy = new RnnProp(RnnPropConfig.defaults());
    for (int p = 0; p < PERIODS; p++) {
      Path prefix = dir.resolve("checkpoint/period_" + p);
      assertThat(Path.of(prefix + ".index")).isRegularFile();
      assertThat(Path.of(prefix + ".data-00000-of-00001")).isRegularFile();
      Map<String, float[]> weights = PolicyCheckpoint.readWeights(prefix, policy.weightSpecs());
      assertThat(weights).hasSize(8);
      Map<String, NpyArray> log = Npz.read(dir.resolve("log/period_" + p + ".npz"));
      assertThat(log.keySet()).containsExactly("meta_loss", "imitation_loss", "teacher_counts");
      assertThat(log.get("meta_loss").shape()).containsExactly(1, DEPTH);
      assertThat(log.get("teacher_counts").shape()).containsExactly(1, DEPTH, 2);
      for (double v : log.get("meta_loss").toDoubleArray()) {
        assertThat(v).isFinite();
      }
      // Every step one of the two teachers is the farthest.
      assertThat(java.util.Arrays.stream(log.get("teacher_counts").toDoubleArray()).sum()).isEqualTo(DEPTH * 10.0);
      assertThat(summary.row(p).get("validation")).isFinite();
      assertThat(summary.row(p).get("meta_loss")).isFinite();
      assertThat(summary.row(p).get("imitation_loss")).isFinite();
    }
    // The untrained student makes the optimizee's loss grow over a window (validation > 0 after one period);
    // fifty meta-steps later the student lowers it (measured: 0.99 after period 0, -0.16 after period 4).
    double first = summary.row(0).get("validation");
    double last = Math.min(summary.row(PERIODS - 1).get("validation"), summary.row(PERIODS - 2).get("validation"));
    assertThat(last).as("validation meta loss, first period %s", first).isLessThan(first - 0.05);
  }

  @Test
  void resumeContinuesAnInterruptedRunAndADifferentConfigIsRefused(@TempDir Path dir) throws Exception {
    CliRun first = CliRun.of(args(dir, "--max-periods=1").toArray(String[]::new));
    assertThat(first.status()).as(first.transcript()).isZero();
    assertThat(SummaryCsv.read(dir.resolve("summary.csv")).size()).isEqualTo(1);

    List<String> changed = args(dir);
    changed.add("--training/loss_reduce='reduce_mean'");
    CliRun refused = CliRun.of(changed.toArray(String[]::new));
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("training/loss_reduce").contains("reduce_max").contains("reduce_mean");

    CliRun resumed = CliRun.of("resume", dir.toString(), "--max-periods=1");
    assertThat(resumed.status()).as(resumed.transcript()).isZero();
    assertThat(resumed.err()).contains("resuming").contains("restored period_0");
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.size()).isEqualTo(2);
    assertThat(summary.row(1).getInt("period")).isEqualTo(1);
  }

  @Test
  void initializeWritesTheConfigOnly(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of(args(dir, "--initialize").toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(dir.resolve("config.json")).isRegularFile();
    assertThat(dir.resolve("summary.csv")).doesNotExist();
    assertThat(dir.resolve("checkpoint")).doesNotExist();
  }

  @Test
  void badOverridesNameThePath(@TempDir Path dir) {
    CliRun unknown = CliRun.of("train", "--directory=" + dir, "--training/no_such_key=1");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("training/no_such_key");
    CliRun wrongType = CliRun.of("train", "--directory=" + dir, "--strategy/num_periods='many'");
    assertThat(wrongType.status()).isEqualTo(1);
    assertThat(wrongType.err()).contains("strategy/num_periods");
    assertThat(dir.resolve("config.json")).doesNotExist();
  }
}
