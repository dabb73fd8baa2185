package org.l2o.eval.gridsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.json.ConfigException;

/** The paper's grid-search criterion, the choice of the best rate, the file layout and the table's round trip. */
class GridSearchTableTest {
  private static final double NAN = Double.NaN;

  @Test
  void scoreIsTheMeanOverRunsOfTheLogOfTheBestValidationLossInTheLeadingEpochs() {
    double[][] val = {{0.5, 0.2, 0.3, 0.1, 0.4, 0.01}, {0.9, 0.8, NAN, 0.7, 0.6, 0.02}};
    double[][] other = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}};
    // epoch 6 (0.01, 0.02) lies after the criterion's 5 epochs; NaN epochs are skipped as nanmin does.
    assertThat(GridSearchTable.score(other, val, other, 5)).isCloseTo((Math.log(0.1) + Math.log(0.6)) / 2, within(1e-12));
    assertThat(GridSearchTable.score(other, val, other, 6)).isCloseTo((Math.log(0.01) + Math.log(0.02)) / 2,
        within(1e-12));
    assertThat(GridSearchTable.score(other, val, other, 2)).isCloseTo((Math.log(0.2) + Math.log(0.8)) / 2, within(1e-12));
    assertThat(GridSearchTable.score(other, val, other, 99)).as("shorter runs: all their epochs")
        .isCloseTo((Math.log(0.01) + Math.log(0.02)) / 2, within(1e-12));
  }

  @Test
  void aRunWithoutAFiniteValidationLossFailsTheWholeRate() {
    double[][] val = {{0.5, 0.2}, {NAN, NAN}};
    double[][] other = {{1, 1}, {1, 1}};
    assertThat(GridSearchTable.score(other, val, other, 5)).isNaN();
  }

  @Test
  void theBestRateHasTheLowestScoreFailedRatesAreNeverChosenTiesGoToTheSmallerRate() {
    GridSearchTable t = new GridSearchTable("conv_train", 5, Map.of(
        "adam", Map.of(0.001, -2.0, 0.01, -3.0, 0.1, NAN),
        "sgd", Map.of(0.1, -1.0, 0.01, -1.0),
        "broken", Map.of(1.0, NAN)));
    assertThat(t.bestLearningRate("adam")).isEqualTo(0.01);
    assertThat(t.bestLearningRate("sgd")).isEqualTo(0.01);
    assertThatThrownBy(() -> t.bestLearningRate("broken")).hasMessageContaining("every learning rate");
    assertThatThrownBy(() -> t.bestLearningRate("rmsprop")).hasMessageContaining("no policy 'rmsprop'");
    assertThat(t.toText()).contains("failed").contains("none");
  }

  @Test
  void filesAreWhereTheOriginalWritesThem(@TempDir Path dir) {
    assertThat(GridSearchFiles.npz(dir, "conv_train", "adam", 0.001))
        .isEqualTo(dir.resolve("gridsearch/conv_train/adam/0.001.npz"));
    assertThat(GridSearchFiles.npz(dir, "mlp_train", "sgd", 1)).isEqualTo(dir.resolve("gridsearch/mlp_train/sgd/1.0.npz"));
    assertThat(GridSearchFiles.npz(dir, "mlp_train", "sgd", 5e-5))
        .isEqualTo(dir.resolve("gridsearch/mlp_train/sgd/5e-05.npz"));
    assertThat(GridSearchFiles.table(dir, "conv_train")).isEqualTo(dir.resolve("gridsearch/conv_train/best.json"));
  }

  @Test
  void roundTrip(@TempDir Path dir) throws Exception {
    Map<String, Map<Double, Double>> scores = new LinkedHashMap<>();
    scores.put("rmsprop", Map.of(0.002, -3.25, 0.02, NAN));
    scores.put("adam", Map.of(0.001, -3.5, 5e-5, -1.125));
    GridSearchTable t = new GridSearchTable("conv_fmnist", 3, scores);
    Path file = dir.resolve("best.json");
    t.write(file);
    GridSearchTable back = GridSearchTable.read(file);
    assertThat(back.problem()).isEqualTo("conv_fmnist");
    assertThat(back.criterionEpochs()).isEqualTo(3);
    assertThat(back.policies()).containsExactly("rmsprop", "adam");
    assertThat(back.scores().get("adam")).containsExactly(Map.entry(5e-5, -1.125), Map.entry(0.001, -3.5));
    assertThat(back.scores().get("rmsprop").get(0.02)).isNaN();
    assertThat(back.bestLearningRate("rmsprop")).isEqualTo(0.002);
    assertThat(Files.readString(file)).contains("\"best_learning_rate\": 0.001").contains("\"5e-05\"");
  }

  @Test
  void badFilesNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> GridSearchTable.read(dir.resolve("none.json"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("none.json").hasMessageContaining("l2o gridsearch");
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"problem\": \"p\", \"criterion_epochs\": 5, \"policies\": {\"adam\": {\"scores\":"
        + " {\"fast\": 1.0}}}}");
    assertThatThrownBy(() -> GridSearchTable.read(f)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("bad.json").hasMessageContaining("policies/adam/scores/fast");
    Files.writeString(f, "{\"problem\": \"p\", \"criterion_epochs\": 0, \"policies\": {}}");
    assertThatThrownBy(() -> GridSearchTable.read(f)).hasMessageContaining("criterion_epochs");
  }
}
