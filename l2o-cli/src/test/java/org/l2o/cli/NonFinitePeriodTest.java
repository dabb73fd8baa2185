package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;

/**
 * Periods whose numbers are not finite are recorded as they happened, through the real CLI on MNIST: a warm-up
 * at rate 1e30 leaves nothing to measure (NaN losses, every update skipped, a failed period that the repeat
 * strategy retries), and a teacher at learning rate 1e30 is reported as diverged.
 */
class NonFinitePeriodTest {

  private static List<String> args(Path dir, String strategy, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=" + strategy, "--policy=rnnprop",
        "--directory=" + dir, "--seed=1", "--strategy/unroll_len=5", "--strategy/depth=2", "--strategy/epochs=1",
        "--strategy/warmup=1", "--strategy/validation_unroll=5", "--strategy/validation_depth=1",
        "--strategy/validation_epochs=1", "--strategy/validation_warmup=1"));
    a.addAll(List.of(extra));
    return a;
  }

  @Test
  void aPeriodWithoutAnAppliedUpdateIsRecordedAsSuchAndRepeated(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of(args(dir, "repeat", "--presets=conv_train,adam", "--strategy/num_periods=2",
        "--strategy/max_repeat=1", "--strategy/warmup_rate={'type': 'list', 'values': [0.05, 1e30]}")
        .toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.err()).contains("nothing was measured; update skipped")
        .contains("period 1 done in").contains("(failed: all 2 updates skipped, the weights did not change)")
        .contains("period 1: repeat 1 from period_0.0, every meta-update of the period was skipped");

    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.columns()).endsWith("meta_loss", "imitation_loss", "skipped_updates", "teacher_0_diverged");
    // period 0 trains; period 1 (rate 1e30) measures nothing twice and is repeated up to max_repeat 1
    assertThat(summary.column("period")).containsExactly(0, 1, 1);
    assertThat(summary.column("repeat")).containsExactly(0, 0, 1);
    assertThat(summary.column("skipped_updates")).containsExactly(0, 2, 2);
    assertThat(summary.row(0).get("meta_loss")).isFinite();
    assertThat(summary.row(1).get("meta_loss")).isNaN();
    assertThat(summary.row(1).get("imitation_loss")).isNaN();
    assertThat(summary.row(2).get("meta_loss")).isNaN();
    // the weights were kept (no update at all, not even the outer Adam's momentum), so validation is period 0's
    assertThat(summary.row(1).get("validation")).isEqualTo(summary.row(0).get("validation"));
    RnnProp policy = new RnnProp(RnnPropConfig.defaults());
    Map<String, float[]> before = PolicyCheckpoint.readWeights(dir.resolve("checkpoint/period_0.0"),
        policy.weightSpecs());
    Map<String, float[]> after = PolicyCheckpoint.readWeights(dir.resolve("checkpoint/period_1.0"),
        policy.weightSpecs());
    for (String name : before.keySet()) {
      assertThat(after.get(name)).as(name).containsExactly(before.get(name));
    }
  }

  @Test
  void aDivergedTeacherIsWarnedAboutCountedAndNamed(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of(args(dir, "simple", "--presets=conv_train,adam,rmsprop", "--strategy/num_periods=1",
        "--strategy/warmup_rate=0.05", "--strategy/annealing_schedule=0.5",
        "--training/teachers/0/config/learning_rate=1e30").toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.err()).containsOnlyOnce("warning: meta-step 1: teacher 0 (adam) diverged")
        .contains("; teacher 0 (adam) diverged in 2 of 2 meta-steps")
        .doesNotContain("teacher 1 (");
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.row(0).get("teacher_0_diverged")).isEqualTo(2);
    assertThat(summary.row(0).get("teacher_1_diverged")).isZero();
    assertThat(summary.row(0).get("skipped_updates")).isZero();
    assertThat(summary.row(0).get("imitation_loss")).isInfinite();
    assertThat(summary.row(0).get("meta_loss")).isFinite();
  }
}
