package org.l2o.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;

/** {@code l2o report} plots what a choice policy picks over training from the evaluation's {@code _choices_*}. */
class ChoiceWeightsReportTest {
  private static final int EPOCHS = 2;
  private static final int BATCHES = 3 * EPOCHS; // SyntheticResults writes 3 batches per epoch

  /** An evaluation file of a two-member choice policy: run r, batch b gives member 1 the weight (b + r) / 10. */
  private static Path choiceResult(Path experiment) throws Exception {
    Path npz = SyntheticResults.write(experiment.resolve("eval/conv_train/period_4.0.npz"), 2, EPOCHS,
        (r, e) -> 1.0 / (e + 1), (r, e) -> 1.0 / (e + 1));
    Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(npz));
    float[] kernel = new float[2 * BATCHES * 2];
    float[] bias = new float[2 * BATCHES * 2];
    for (int r = 0; r < 2; r++) {
      for (int b = 0; b < BATCHES; b++) {
        float w = (b + r) / 10f;
        int at = (r * BATCHES + b) * 2;
        kernel[at] = 1 - w;
        kernel[at + 1] = w;
        bias[at] = 0.5f; // the bias splits evenly: the mean over variables is (0.5 + w) / 2 for member 1
        bias[at + 1] = 0.5f;
      }
    }
    arrays.put("_choices_dense_0_kernel", NpyArray.float32(kernel, 2, BATCHES, 2));
    arrays.put("_choices_dense_0_bias", NpyArray.float32(bias, 2, BATCHES, 2));
    Npz.write(npz, arrays);
    Files.writeString(experiment.resolve("config.json"), "{\"policy\": {\"pool\": [{\"class_name\": \"RMSProp\"},"
        + " {\"class_name\": \"Adam\"}]}}");
    return npz;
  }

  @Test
  void theMeanWeightPerMemberAndBatchIsAveragedOverRunsAndVariables(@TempDir Path dir) throws Exception {
    Path npz = choiceResult(dir.resolve("results/less_choice/base/1"));
    ChoiceWeights w = ChoiceWeights.read(npz, EPOCHS).orElseThrow();
    assertThat(w.members()).containsExactly("RMSProp", "Adam");
    assertThat(w.epochs()).hasSize(BATCHES);
    assertThat(w.epochs()[0]).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(w.epochs()[BATCHES - 1]).isCloseTo(EPOCHS, within(1e-9));
    for (int b = 0; b < BATCHES; b++) {
      double adam = (0.5 + (b + 0.5) / 10) / 2; // runs 0 and 1 average to (b + 0.5) / 10
      assertThat(w.weights()[1][b]).as("batch %d", b).isCloseTo(adam, within(1e-6));
      assertThat(w.weights()[0][b] + w.weights()[1][b]).isCloseTo(1.0, within(1e-6));
    }
    // A baseline file has no choice weights.
    Path plain = SyntheticResults.write(dir.resolve("baseline/adam/conv_train.npz"), 1, EPOCHS, (r, e) -> 1,
        (r, e) -> 1);
    assertThat(ChoiceWeights.read(plain, EPOCHS)).isEmpty();
  }

  @Test
  void theReportDrawsThePlotOfAChoiceMethodOnly(@TempDir Path dir) throws Exception {
    Path choice = dir.resolve("results/less_choice/base/1");
    choiceResult(choice);
    SyntheticResults.write(dir.resolve("baseline/adam/conv_train.npz"), 2, EPOCHS, (r, e) -> 1, (r, e) -> 1);
    Map<String, List<Path>> methods = new LinkedHashMap<>();
    methods.put("choice", List.of(choice));
    ReportResult result = ReportGenerator.generate(new ReportRequest(dir, methods, List.of(), dir.resolve("out"),
        "Test report", "l2o report --test"), w -> { });
    String md = Files.readString(result.markdown());
    assertThat(md).contains("choice: choice weights over training").contains("Choice plots");
    Path png = dir.resolve("out/conv_train").resolve(md.contains("choices_0.png") ? "choices_0.png" : "choices_1.png");
    assertThat(result.images()).contains(png);
    assertThat(ImageIO.read(png.toFile()).getWidth()).isGreaterThan(100);
    assertThat(md.split("\\(conv_train/choices_").length - 1).as("one choice plot (the baseline has none)")
        .isEqualTo(1);
  }
}
