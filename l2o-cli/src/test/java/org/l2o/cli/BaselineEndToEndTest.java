package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.eval.harness.RunStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2o baseline} through the real CLI on real MNIST (spec §9.2, §9.5). */
class BaselineEndToEndTest {

  @Test
  void oneEpochOfConvTrainWithAdamReachesNinetyFivePercentAndWritesEveryKey(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("baseline", "--optimizer=adam", "--problem=conv_train", "--repeat=1", "--epochs=1",
        "--seed=7", "--directory=" + dir);
    assertThat(run.status()).as(run.transcript()).isZero();
    Path npz = dir.resolve("baseline/adam/conv_train.npz");
    Map<String, NpyArray> arrays = Npz.read(npz);
    assertThat(arrays.keySet()).containsExactlyElementsOf(RunStack.KEYS);
    assertThat(arrays.get("batch_loss").shape()).containsExactly(1, 468);
    assertThat(arrays.get("batch_time").shape()).containsExactly(1, 468);
    for (String key : new String[] {"loss", "sparse_categorical_accuracy", "val_loss",
        "val_sparse_categorical_accuracy", "epoch_time"}) {
      assertThat(arrays.get(key).shape()).as(key).containsExactly(1, 1);
    }
    assertThat(arrays.get("val_sparse_categorical_accuracy").floats()[0]).isGreaterThan(0.95f);
    assertThat(Files.readString(dir.resolve("baseline/adam/conv_train.stats.json"))).contains("\"val_best\"");
    assertThat(run.out()).contains("adam / conv_train").contains("val_stability");
  }

  @Test
  void unknownOptimizerOrProblemFailsBeforeAnyWork(@TempDir Path dir) {
    CliRun badOptimizer = CliRun.of("baseline", "--optimizer=adamw", "--directory=" + dir);
    assertThat(badOptimizer.status()).isEqualTo(1);
    assertThat(badOptimizer.err()).contains("adamw").contains("rmsprop");
    CliRun badProblem = CliRun.of("baseline", "--problem=conv_nope", "--directory=" + dir);
    assertThat(badProblem.status()).isEqualTo(1);
    assertThat(badProblem.err()).contains("conv_nope").contains("conv_train");
    assertThat(dir.resolve("baseline")).doesNotExist();
  }

  @Test
  void existingResultsAreNotOverwrittenWithoutTheFlag(@TempDir Path dir) throws Exception {
    Path npz = dir.resolve("baseline/sgd/mlp_train.npz");
    Files.createDirectories(npz.getParent());
    Files.writeString(npz, "keep");
    CliRun run = CliRun.of("baseline", "--optimizer=sgd", "--problem=mlp_train", "--directory=" + dir);
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("already exists").contains("--overwrite");
    assertThat(Files.readString(npz)).isEqualTo("keep");
  }
}
