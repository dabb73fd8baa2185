package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;

/**
 * Every perturbation preset (weight perturbations and RNNProp's input noise, which crashed meta-training with "No
 * gradient defined for op: RandomStandardNormal") through the real CLI on real MNIST (conv_train, an Adam teacher, one tiny period): the
 * run finishes with finite losses and its training meta loss differs from the same run without a perturbation, so
 * the perturbation acted. A perturbation on a choice policy or with a misspelt argument is refused before anything
 * is written.
 */
class PerturbationEndToEndTest {
  @TempDir
  static Path tmp;
  private static double plainMetaLoss;

  private static List<String> args(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--policy=rnnprop", "--directory=" + dir,
        "--seed=4", "--strategy/num_periods=1", "--strategy/unroll_len=2", "--strategy/depth=2",
        "--strategy/epochs=1", "--strategy/warmup=1", "--strategy/warmup_rate=0.05",
        "--strategy/annealing_schedule=0.5", "--strategy/validation_unroll=2", "--strategy/validation_depth=1",
        "--strategy/validation_epochs=1", "--strategy/validation_warmup=1", "--strategy/validation_warmup_rate=0.05"));
    a.addAll(List.of(extra));
    return a;
  }

  private static SummaryTable train(Path dir, String presets, String... extra) throws Exception {
    List<String> a = args(dir, "--presets=" + presets);
    a.addAll(List.of(extra));
    CliRun run = CliRun.of(a.toArray(String[]::new));
    assertThat(run.status()).as(run.transcript()).isZero();
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.size()).isEqualTo(1);
    assertThat(summary.row(0).get("validation")).isFinite();
    assertThat(summary.row(0).get("meta_loss")).isFinite();
    assertThat(summary.row(0).get("skipped_updates")).isZero();
    return summary;
  }

  @BeforeAll
  static void trainWithoutPerturbation() throws Exception {
    plainMetaLoss = train(tmp.resolve("none"), "conv_train,adam").row(0).get("meta_loss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gaussian", "gaussian_rel", "fgsm", "pgd", "cgd", "gaussian_rel_5e-4", "gaussian_rel_1e-3",
      "gaussian_rel_2e-3", "gaussian_rel_5e-3", "gaussian_rel_1e-2", "cgd_1e-4", "cgd_1e-3",
      "inoise_1e-1", "inoise_1e-2", "inoise_1e-3"})
  void presetTrainsAndActs(String preset) throws Exception {
    Path dir = tmp.resolve(preset);
    SummaryTable summary = train(dir, "conv_train,adam," + preset);
    assertThat(Files.readString(dir.resolve("config.json"))).containsAnyOf("\"perturbation\": {",
        "\"input_noise\": 0.");
    assertThat(summary.row(0).get("meta_loss")).as("meta loss of %s vs none", preset).isNotEqualTo(plainMetaLoss);
  }

  @Test
  void overridesOfThePerturbationConfigApply(@TempDir Path dir) throws Exception {
    SummaryTable summary = train(dir, "conv_train,adam,pgd", "--policy/perturbation/config/steps=2",
        "--policy/perturbation/config/norm='l2'", "--policy/perturbation/config/magnitude=0.01");
    String config = Files.readString(dir.resolve("config.json"));
    assertThat(config).contains("\"steps\": 2", "\"norm\": \"l2\"", "\"magnitude\": 0.01");
    assertThat(summary.row(0).get("meta_loss")).isNotEqualTo(plainMetaLoss);
  }

  @Test
  void refusedBeforeAnythingIsWritten(@TempDir Path dir) {
    CliRun choice = CliRun.of("train", "--strategy=simple", "--policy=less_choice", "--presets=conv_train,cgd",
        "--directory=" + dir);
    assertThat(choice.status()).as(choice.transcript()).isEqualTo(1);
    assertThat(choice.err()).contains("policy/perturbation", "not perturbable");
    CliRun typo = CliRun.of(args(dir, "--presets=conv_train,adam,fgsm", "--policy/perturbation/config/step=0.1")
        .toArray(String[]::new));
    assertThat(typo.status()).as(typo.transcript()).isEqualTo(1);
    assertThat(typo.err()).contains("policy/perturbation/config/step", "step_size");
    CliRun norm = CliRun.of(args(dir, "--presets=conv_train,adam,pgd", "--policy/perturbation/config/norm='l1'")
        .toArray(String[]::new));
    assertThat(norm.status()).as(norm.transcript()).isEqualTo(1);
    assertThat(norm.err()).contains("policy/perturbation/config/norm", "'l1'");
    assertThat(dir.resolve("config.json")).doesNotExist();
    assertThat(dir.resolve("summary.csv")).doesNotExist();
  }
}
