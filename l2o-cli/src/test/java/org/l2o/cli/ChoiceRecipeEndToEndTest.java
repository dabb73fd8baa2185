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
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.policies.choice.ChoicePolicy;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;

/**
 * Optimal-choice amalgamation through the real CLI on real MNIST with tiny schedules (spec §7.1): step 1 trains the
 * small-pool choice policy with cl_fixed and the repeat strategy, step 2 trains an RNNProp student under the
 * curriculum with that network as its single {@code __load__} teacher, and {@code l2o evaluate} evaluates both; the
 * large pool (more_choice) the same way.
 */
class ChoiceRecipeEndToEndTest {

  private static CliRun step1(Path dir) {
    return step1(dir, "less_choice");
  }

  /** Step 1 of the pool {@code policy} (less_choice: small, more_choice: large). */
  private static CliRun step1(Path dir, String policy) {
    return CliRun.of("train", "--presets=conv_train,cl_fixed", "--strategy=repeat", "--policy=" + policy,
        "--directory=" + dir, "--seed=1", "--strategy/num_periods=2", "--strategy/unroll_len=2",
        "--strategy/depth=1", "--strategy/epochs=1", "--strategy/validation_unroll=2",
        "--strategy/validation_depth=1", "--strategy/validation_epochs=1", "--strategy/warmup=1");
  }

  private static CliRun step2(Path dir, Path teacher, String... extra) {
    return step2("less_choice", dir, teacher, extra);
  }

  /** Step 2 with the teacher preset {@code pool} (less_choice or more_choice). */
  private static CliRun step2(String pool, Path dir, Path teacher, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--presets=conv_train," + pool + ",il_more",
        "--strategy=curriculum", "--policy=rnnprop", "--directory=" + dir, "--seed=2",
        "--training/teachers/0/directory='" + teacher + "'", "--strategy/num_stages=1", "--strategy/num_periods=0",
        "--strategy/num_chances=0", "--strategy/unroll_len=2", "--strategy/depth={'type': 'list', 'values': [1, 1]}",
        "--strategy/epochs=1", "--strategy/max_repeat=0"));
    a.addAll(List.of(extra));
    return CliRun.of(a.toArray(String[]::new));
  }

  @Test
  void bothStepsTrainAndEvaluateWithTheChoiceNetworkAsTeacher(@TempDir Path tmp) throws Exception {
    Path choice = tmp.resolve("results/less_choice/base/1");
    CliRun first = step1(choice);
    assertThat(first.status()).as(first.transcript()).isZero();
    assertThat(SummaryCsv.read(choice.resolve("summary.csv")).size()).isEqualTo(2);
    assertThat(choice.resolve("checkpoint/period_1.0.index")).isRegularFile();

    // A missing teacher directory is refused before anything is written, naming it.
    Path refused = tmp.resolve("results/rnnprop/refused/1");
    CliRun missing = step2(refused, tmp.resolve("results/less_choice/base/9"));
    assertThat(missing.status()).isNotZero();
    assertThat(missing.err()).contains("training/teachers/0").contains(tmp.resolve("results/less_choice/base/9")
        .toString()).contains("no such experiment directory");
    assertThat(refused).doesNotExist();

    // Step 2 with the default checkpoint (the repeat strategy's final accepted one: period_1.0) equals step 2 with
    // period_1.0 named, and differs from step 2 with the first period's network as teacher.
    Path student = tmp.resolve("results/rnnprop/choice-small/1");
    CliRun second = step2(student, choice);
    assertThat(second.status()).as(second.transcript()).isZero();
    CliRun named = step2(tmp.resolve("named"), choice, "--training/teachers/0/checkpoint='period_1.0'");
    assertThat(named.status()).as(named.transcript()).isZero();
    CliRun earlier = step2(tmp.resolve("earlier"), choice, "--training/teachers/0/checkpoint='period_0.0'");
    assertThat(earlier.status()).as(earlier.transcript()).isZero();
    double imitation = imitationLoss(student);
    assertThat(imitation).isFinite().isNotZero();
    assertThat(imitationLoss(tmp.resolve("named"))).isEqualTo(imitation);
    assertThat(imitationLoss(tmp.resolve("earlier"))).isNotEqualTo(imitation);

    // Both networks evaluate; the choice network's result also holds its choice weights.
    CliRun evaluate = CliRun.of("evaluate", "--problem=mlp_train", "--repeat=1", "--epochs=1", "--seed=3",
        "--directory=" + choice + "," + student);
    assertThat(evaluate.status()).as(evaluate.transcript()).isZero();
    Map<String, NpyArray> choiceResult = Npz.read(choice.resolve("eval/mlp_train/period_1.0.npz"));
    Map<String, NpyArray> studentResult = Npz.read(only(student.resolve("eval/mlp_train")));
    assertThat(studentResult.keySet()).containsExactlyInAnyOrder("batch_loss", "batch_time", "loss",
        "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy", "epoch_time");
    assertThat(choiceResult.keySet()).containsAll(studentResult.keySet());
    List<String> debug = choiceResult.keySet().stream().filter(k -> k.startsWith("_choices_")).toList();
    assertThat(debug).hasSize(4); // mlp_train: kernel and bias of two dense layers
    NpyArray weights = choiceResult.get(debug.get(0));
    assertThat(weights.shape()).containsExactly(1, 468, 2);
    float[] w = weights.floats();
    for (int step = 0; step < 468; step++) {
      assertThat(w[2 * step] + w[2 * step + 1]).as("step %d", step).isCloseTo(1f, within(1e-4f));
    }
    for (Map<String, NpyArray> result : List.of(choiceResult, studentResult)) {
      assertThat(result.get("val_loss").floats()[0]).isFinite().isLessThan(2.3f); // below a uniform guess
    }

    // The choice network is itself an optimizer: packaged and loaded like a student.
    Path pkg = tmp.resolve("packages/less_choice");
    CliRun packaged = CliRun.of("package", choice.toString(), pkg.toString());
    assertThat(packaged.status()).as(packaged.transcript()).isZero();
    LearnedOptimizer loaded = L2O.load(pkg);
    assertThat(loaded.policy()).isInstanceOf(ChoicePolicy.class);
    assertThat(loaded.policy().weightSpecs().stream().mapToLong(spec -> spec.shape().size()).sum()).isEqualTo(5482);
  }

  @Test
  void theLargePoolRecipeRunsThroughTheCliToo(@TempDir Path tmp) throws Exception {
    Path choice = tmp.resolve("results/more_choice/base/1");
    CliRun first = step1(choice, "more_choice");
    assertThat(first.status()).as(first.transcript()).isZero();
    Path student = tmp.resolve("results/rnnprop/choice-large/1");
    CliRun second = step2("more_choice", student, choice);
    assertThat(second.status()).as(second.transcript()).isZero();
    assertThat(imitationLoss(student)).isFinite().isNotZero();
    assertThat(ExperimentConfig.load(student).at("/training/teachers/0/directory").asText())
        .isEqualTo(choice.toString());

    // seeded: a student of two meta-steps may stay at chance on some data orders
    CliRun evaluate = CliRun.of("evaluate", "--problem=mlp_train", "--repeat=1", "--epochs=1", "--seed=3",
        "--directory=" + choice + "," + student);
    assertThat(evaluate.status()).as(evaluate.transcript()).isZero();
    Map<String, NpyArray> choiceResult = Npz.read(choice.resolve("eval/mlp_train/period_1.0.npz"));
    assertThat(choiceResult.get("val_loss").floats()[0]).isFinite().isLessThan(2.3f); // below a uniform guess
    List<String> debug = choiceResult.keySet().stream().filter(k -> k.startsWith("_choices_")).toList();
    assertThat(debug).hasSize(4);
    NpyArray weights = choiceResult.get(debug.get(0));
    // SGD, Momentum, RMSProp, Adam, PowerSign, AddSign: each step's weights are a distribution over six members
    assertThat(weights.shape()).containsExactly(1, 468, 6);
    float[] w = weights.floats();
    for (int step = 0; step < 468; step++) {
      float sum = 0;
      for (int m = 0; m < 6; m++) {
        assertThat(w[6 * step + m]).isBetween(0f, 1f);
        sum += w[6 * step + m];
      }
      assertThat(sum).as("step %d", step).isCloseTo(1f, within(1e-4f));
    }
    assertThat(Npz.read(only(student.resolve("eval/mlp_train"))).get("val_loss").floats()[0]).isFinite();
  }

  private static double imitationLoss(Path dir) throws Exception {
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    return summary.column("imitation_loss")[0];
  }

  private static Path only(Path folder) throws Exception {
    try (var files = Files.list(folder)) {
      List<Path> npz = files.filter(p -> p.toString().endsWith(".npz")).toList();
      assertThat(npz).hasSize(1);
      return npz.get(0);
    }
  }
}
