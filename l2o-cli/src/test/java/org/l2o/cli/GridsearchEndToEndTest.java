package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.Npz;
import org.l2o.core.json.Json;

/** {@code l2o gridsearch} and {@code l2o baseline --gridsearch} through the real CLI on real MNIST (spec §9.6). */
class GridsearchEndToEndTest {

  @Test
  void searchWritesTheOriginalsFilesChoosesTheRateOfLowestBestValidationLossAndBaselineRunsIt(@TempDir Path dir)
      throws Exception {
    // SGD at 0.001 barely moves the sigmoid MLP in one epoch; at 0.5 it learns: the table must pick 0.5.
    CliRun run = CliRun.of("gridsearch", "--problem=mlp_train", "--policy=sgd,adam", "--grid=0.5,0.001",
        "--repeat=1", "--epochs=1", "--criterion-epochs=1", "--seed=3", "--directory=" + dir);
    assertThat(run.status()).as(run.transcript()).isZero();
    double[] expected = new double[2];
    String[] rates = {"0.5", "0.001"};
    for (String policy : new String[] {"sgd", "adam"}) {
      double bestScore = Double.POSITIVE_INFINITY;
      double bestRate = Double.NaN;
      for (int i = 0; i < rates.length; i++) {
        Path npz = dir.resolve("gridsearch/mlp_train/" + policy + "/" + rates[i] + ".npz");
        assertThat(npz).exists();
        assertThat(dir.resolve("gridsearch/mlp_train/" + policy + "/" + rates[i] + ".stats.json")).exists();
        float valLoss = Npz.read(npz).get("val_loss").floats()[0];
        expected[i] = Math.log(valLoss); // one run, one epoch: the criterion is ln of that epoch's val_loss
        if (Float.isFinite(valLoss) && expected[i] < bestScore) {
          bestScore = expected[i];
          bestRate = Double.parseDouble(rates[i]);
        }
      }
      JsonNode table = Json.readObject(dir.resolve("gridsearch/mlp_train/best.json"), "table");
      JsonNode scores = table.at("/policies/" + policy + "/scores");
      for (int i = 0; i < rates.length; i++) {
        if (Double.isFinite(expected[i])) {
          assertThat(scores.get(rates[i]).doubleValue()).as(policy + " " + rates[i]).isCloseTo(expected[i],
              within(1e-6));
        }
      }
      assertThat(table.at("/policies/" + policy + "/best_learning_rate").doubleValue()).as(policy)
          .isEqualTo(bestRate);
    }
    assertThat(Json.readObject(dir.resolve("gridsearch/mlp_train/best.json"), "table")
        .at("/policies/sgd/best_learning_rate").doubleValue()).isEqualTo(0.5);
    assertThat(run.out()).contains("sgd lr 0.001 / mlp_train").contains("best lr");

    CliRun baseline = CliRun.of("baseline", "--optimizer=sgd_gs", "--gridsearch=" + dir, "--problem=mlp_train",
        "--repeat=1", "--epochs=1", "--seed=3", "--directory=" + dir);
    assertThat(baseline.status()).as(baseline.transcript()).isZero();
    JsonNode stats = Json.readObject(dir.resolve("baseline/sgd_gs/mlp_train.stats.json"), "stats");
    assertThat(stats.at("/metadata/learning_rate").doubleValue()).isEqualTo(0.5);
    assertThat(stats.at("/metadata/description").textValue()).contains("lr 0.5");
    // Same rule, rate and seed as the grid search's cell: the same training, so the same validation loss.
    assertThat(Npz.read(dir.resolve("baseline/sgd_gs/mlp_train.npz")).get("val_loss").floats()[0])
        .isEqualTo(Npz.read(dir.resolve("gridsearch/mlp_train/sgd/0.5.npz")).get("val_loss").floats()[0]);
  }

  @Test
  void badInputIsRefusedBeforeAnyWork(@TempDir Path dir) {
    assertRefused(CliRun.of("gridsearch", "--policy=nadam", "--directory=" + dir), "nadam", "powersign");
    assertRefused(CliRun.of("gridsearch", "--grid=0.1,0", "--directory=" + dir), "0.0", "above 0");
    assertRefused(CliRun.of("gridsearch", "--grid=0.1,0.1", "--directory=" + dir), "--grid names 0.1 twice");
    assertRefused(CliRun.of("gridsearch", "--problem=conv_nope", "--directory=" + dir), "conv_nope", "conv_train");
    assertRefused(CliRun.of("gridsearch", "--criterion-epochs=0", "--directory=" + dir), "--criterion-epochs");
    assertThat(dir.resolve("gridsearch")).doesNotExist();
    assertRefused(CliRun.of("baseline", "--optimizer=adam_gs", "--directory=" + dir), "--gridsearch=DIR");
    assertRefused(CliRun.of("baseline", "--optimizer=adam_gs", "--gridsearch=" + dir, "--directory=" + dir),
        "gridsearch/conv_train/best.json", "l2o gridsearch");
    assertThat(dir.resolve("baseline")).doesNotExist();
  }

  private static void assertRefused(CliRun run, String... message) {
    assertThat(run.status()).as(run.transcript()).isEqualTo(1);
    for (String m : message) {
      assertThat(run.err()).contains(m);
    }
  }
}
