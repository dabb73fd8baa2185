package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;

/**
 * Several training problems in one config (spec §2.1, §5.1): every period trains on each problem of
 * {@code problems} in turn with one student and one outer Adam, through {@code l2o train} on real MNIST.
 */
class MultiProblemTrainingEndToEndTest {

  private static final String MLP = "--problems/*={'target': 'mlp_classifier', 'args': [], 'kwargs': {'layers': [20],"
      + " 'dataset': 'mnist', 'activation': 'sigmoid', 'batch_size': 32}}";

  private static String[] args(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--presets=conv_train",
        "--strategy/num_periods=2", "--strategy/unroll_len=3", "--strategy/depth=2", "--strategy/epochs=1",
        "--strategy/validation_unroll=3", "--strategy/validation_depth=1", "--strategy/validation_epochs=1",
        "--seed=11", "--directory=" + dir));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void everyPeriodTrainsEachProblemInTurnWithOneStudent(@TempDir Path tmp) throws Exception {
    Path two = tmp.resolve("two");
    CliRun run = CliRun.of(args(two, MLP));
    assertThat(run.status()).as(run.transcript()).isZero();
    Path one = tmp.resolve("one");
    CliRun single = CliRun.of(args(one));
    assertThat(single.status()).as(single.transcript()).isZero();

    // the original's log: the stack over problems, [P, epochs * depth]
    Map<String, NpyArray> log0 = Npz.read(two.resolve("log/period_0.npz"));
    assertThat(log0.get("meta_loss").shape()).containsExactly(2L, 2L);
    float[] twoLoss0 = log0.get("meta_loss").floats();
    float[] oneLoss0 = Npz.read(one.resolve("log/period_0.npz")).get("meta_loss").floats();
    // problem 0 of period 0 is exactly the one-problem run: same seeds, same starting student
    assertThat(new float[] {twoLoss0[0], twoLoss0[1]}).containsExactly(oneLoss0);
    assertThat(new float[] {twoLoss0[2], twoLoss0[3]}).doesNotContain(oneLoss0[0], oneLoss0[1]);
    // period 1 starts from a student that the MLP periods also trained: conv_train's losses differ
    float[] twoLoss1 = Npz.read(two.resolve("log/period_1.npz")).get("meta_loss").floats();
    float[] oneLoss1 = Npz.read(one.resolve("log/period_1.npz")).get("meta_loss").floats();
    assertThat(new float[] {twoLoss1[0], twoLoss1[1]}).isNotEqualTo(oneLoss1);

    SummaryTable summary = SummaryCsv.read(two.resolve("summary.csv"));
    assertThat(summary.size()).isEqualTo(2);
    double mean = 0;
    for (float v : twoLoss0) {
      mean += v / 4.0;
    }
    // the mean over problems of each problem's mean
    assertThat(summary.row(0).get("meta_loss")).isCloseTo(mean, within(1e-6));
    assertThat(summary.row(0).get("validation")).isFinite();
    assertThat(Files.readString(two.resolve("config.json"))).contains("mlp_classifier").contains("conv_classifier");
  }

  @Test
  void aBadSecondProblemIsRefusedNamingItsIndexBeforeAnythingIsWritten(@TempDir Path tmp) {
    Path dir = tmp.resolve("bad");
    CliRun run = CliRun.of(args(dir, "--problems/*={'target': 'conv_classifier', 'kwargs': {'dataset': 'imagenet'}}"));
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("problems/1").contains("imagenet");
    assertThat(dir.resolve("config.json")).doesNotExist();
  }
}
