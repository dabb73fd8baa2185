package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.checkpoint.ReleasedCheckpoints;
import org.l2o.core.json.Json;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.OuterAdam;
import org.l2o.experiment.packages.OriginalImport;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;

/**
 * {@code l2o inspect} through the real CLI: a checkpoint of a tiny real training (MNIST), the same checkpoint
 * with a NaN and a +Inf written into two weights by the project's checkpoint writer, a package of the experiment
 * and one of the original's released checkpoints, each against what the loaders read.
 */
class InspectCommandTest {
  @TempDir static Path tmp;
  private static Path experiment;
  private static final List<WeightSpec> SPECS = new RnnProp(RnnPropConfig.defaults()).weightSpecs();

  @BeforeAll
  static void trainATinyExperiment() {
    experiment = tmp.resolve("exp");
    CliRun run = CliRun.of("train", "--strategy=simple", "--policy=rnnprop", "--presets=conv_train,adam",
        "--directory=" + experiment, "--seed=1", "--strategy/num_periods=1", "--strategy/unroll_len=5",
        "--strategy/depth=2", "--strategy/epochs=1", "--strategy/warmup=1", "--strategy/validation_unroll=5",
        "--strategy/validation_depth=1", "--strategy/validation_epochs=1", "--strategy/validation_warmup=1");
    assertThat(run.status()).as(run.transcript()).isZero();
  }

  /** The JSON objects of the inspected checkpoints, by tensor name. */
  private static Map<String, JsonNode> tensors(JsonNode checkpoint) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    checkpoint.get("tensors").forEach(t -> out.put(t.get("name").asText(), t));
    return out;
  }

  private static JsonNode json(CliRun run) throws Exception {
    return Json.mapper().readTree(run.out());
  }

  private static List<Long> shape(JsonNode tensor) {
    return Json.mapper().convertValue(tensor.get("shape"), Json.mapper().getTypeFactory()
        .constructCollectionType(List.class, Long.class));
  }

  private static List<Long> shape(WeightSpec spec) {
    return java.util.Arrays.stream(spec.shape().asArray()).boxed().toList();
  }

  @Test
  void aHealthyCheckpointListsThePolicysTensorsAndExitsZero() throws Exception {
    CliRun run = CliRun.of("inspect", experiment.toString());
    assertThat(run.status()).as(run.transcript()).isZero();
    // one bundle: period_0 is both the default checkpoint and the latest period
    assertThat(run.out()).containsOnlyOnce("checkpoint " + experiment.resolve("checkpoint/period_0")
        + " (default checkpoint, latest period)");
    for (WeightSpec spec : SPECS) {
      assertThat(run.out()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(spec.name()) + " +float32 +"
          + java.util.regex.Pattern.quote(spec.shape().toString()) + " +" + spec.shape().size() + " +0 +0 +0 ");
    }
    long weights = SPECS.stream().mapToLong(s -> s.shape().size()).sum();
    // the weights, their outer-Adam slots m and v, and the outer step count
    assertThat(run.out()).contains("total: " + (3 * SPECS.size() + 1) + " tensors, " + (3 * weights + 1)
        + " values; policy weights: " + SPECS.size() + " tensors, " + weights + " values")
        .contains("all values finite");

    CliRun asJson = CliRun.of("inspect", "--json", experiment.toString());
    assertThat(asJson.status()).as(asJson.transcript()).isZero();
    JsonNode checkpoint = json(asJson).get(0);
    Map<String, float[]> read = PolicyCheckpoint.readWeights(experiment.resolve("checkpoint/period_0"), SPECS);
    Map<String, JsonNode> byName = tensors(checkpoint);
    for (WeightSpec spec : SPECS) {
      JsonNode t = byName.get(spec.name());
      assertThat(shape(t)).as(spec.name()).isEqualTo(shape(spec));
      assertThat(t.get("weight").asBoolean()).isTrue();
      double squares = 0;
      double absolutes = 0;
      for (float v : read.get(spec.name())) {
        squares += (double) v * v;
        absolutes += Math.abs((double) v);
      }
      int n = read.get(spec.name()).length;
      assertThat(t.get("rms").asDouble()).as(spec.name()).isCloseTo(Math.sqrt(squares / n), within(1e-12));
      assertThat(t.get("mean_abs").asDouble()).as(spec.name()).isCloseTo(absolutes / n, within(1e-12));
    }
    assertThat(byName.get("optimizer/iter").get("weight").asBoolean()).isFalse();
    assertThat(checkpoint.get("finite").asBoolean()).isTrue();
  }

  @Test
  void aPoisonedCheckpointNamesTheTensorsAndExitsThree() throws Exception {
    Path source = experiment.resolve("checkpoint/period_0");
    Map<String, float[]> weights = PolicyCheckpoint.readWeights(source, SPECS);
    OuterAdam outer = OuterAdam.withLearningRate(OuterAdam.DEFAULT_LEARNING_RATE);
    PolicyCheckpoint.readOptimizer(source, SPECS, outer);
    String nan = SPECS.get(0).name();
    String inf = SPECS.get(SPECS.size() - 1).name();
    weights.get(nan)[3] = Float.NaN;
    weights.get(inf)[0] = Float.POSITIVE_INFINITY;
    Path poisoned = tmp.resolve("poisoned/period_0");
    PolicyCheckpoint.write(poisoned, SPECS, weights, outer);

    CliRun run = CliRun.of("inspect", poisoned + ".index");
    assertThat(run.status()).as(run.transcript()).isEqualTo(InspectCommand.NON_FINITE).isEqualTo(3);
    assertThat(run.out()).contains("NOT FINITE: ").contains(nan + " (1 NaN)").contains(inf + " (1 +Inf)");
    assertThat(run.err()).contains("not finite: " + poisoned + ": ");

    CliRun asJson = CliRun.of("inspect", "--json", poisoned.toString());
    assertThat(asJson.status()).isEqualTo(3);
    JsonNode checkpoint = json(asJson).get(0);
    assertThat(checkpoint.get("finite").asBoolean()).isFalse();
    assertThat(checkpoint.get("non_finite")).extracting(JsonNode::asText).containsExactlyInAnyOrder(nan, inf);
    Map<String, JsonNode> byName = tensors(checkpoint);
    assertThat(byName.get(nan).get("nan").asLong()).isEqualTo(1);
    assertThat(byName.get(nan).get("pos_inf").asLong()).isZero();
    assertThat(byName.get(inf).get("pos_inf").asLong()).isEqualTo(1);
    assertThat(byName.get(inf).get("nan").asLong()).isZero();
    // the RMS is over the finite values only
    double squares = 0;
    float[] values = weights.get(nan);
    for (int i = 0; i < values.length; i++) {
      if (i != 3) {
        squares += (double) values[i] * values[i];
      }
    }
    assertThat(byName.get(nan).get("rms").asDouble()).isCloseTo(Math.sqrt(squares / (values.length - 1)),
        within(1e-12));
    // every other tensor is clean
    byName.forEach((name, t) -> {
      if (!name.equals(nan) && !name.equals(inf)) {
        assertThat(t.get("nan").asLong() + t.get("pos_inf").asLong() + t.get("neg_inf").asLong()).as(name).isZero();
      }
    });
  }

  @Test
  void aPackageHoldsExactlyTheWeightsL2OLoads() throws Exception {
    Path pkg = tmp.resolve("pkg");
    CliRun packaged = CliRun.of("package", experiment.toString(), pkg.toString());
    assertThat(packaged.status()).as(packaged.transcript()).isZero();
    CliRun run = CliRun.of("inspect", "--json", pkg.toString());
    assertThat(run.status()).as(run.transcript()).isZero();
    JsonNode checkpoint = json(run).get(0);
    assertThat(checkpoint.get("checkpoint").asText()).isEqualTo(pkg.resolve(L2O.WEIGHTS).toString());
    LearnedOptimizer loaded = L2O.load(pkg);
    Map<String, JsonNode> byName = tensors(checkpoint);
    assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(
        loaded.policy().weightSpecs().stream().map(WeightSpec::name).toList());
    for (WeightSpec spec : loaded.policy().weightSpecs()) {
      assertThat(shape(byName.get(spec.name()))).as(spec.name()).isEqualTo(shape(spec));
      assertThat(byName.get(spec.name()).get("count").asLong())
          .isEqualTo(loaded.weights().values().get(spec.name()).length);
    }
    assertThat(checkpoint.get("total").get("weight_values").asLong()).isEqualTo(5141);
  }

  @Test
  void aReleasedCheckpointOfTheOriginal() throws Exception {
    Path folder = ReleasedCheckpoints.folder("choice-large", 1);
    CliRun run = CliRun.of("inspect", "--json", folder.toString());
    assertThat(run.status()).as(run.transcript()).isZero();
    Map<String, JsonNode> byName = tensors(json(run).get(0));
    RnnProp policy = new RnnProp(RnnPropConfig.defaults());
    Map<String, float[]> released = OriginalImport.readReleased(folder.resolve(L2O.WEIGHTS), policy);
    for (WeightSpec spec : policy.weightSpecs()) {
      JsonNode t = byName.get(spec.name());
      assertThat(shape(t)).as(spec.name()).isEqualTo(shape(spec));
      assertThat(t.get("count").asLong()).isEqualTo(released.get(spec.name()).length);
      double absolutes = 0;
      for (float v : released.get(spec.name())) {
        absolutes += Math.abs((double) v);
      }
      assertThat(t.get("mean_abs").asDouble()).isCloseTo(absolutes / released.get(spec.name()).length,
          within(1e-12));
    }
    // the original's outer Adam: 330 steps for mean/1 (README), a positive count here, and its hyper-parameters
    assertThat(byName.get("optimizer/iter").get("dtype").asText()).isEqualTo("int64");
    assertThat(byName.get("optimizer/beta_1").get("rms").asDouble()).isCloseTo(0.9, within(1e-7));
    assertThat(byName.get("_CHECKPOINTABLE_OBJECT_GRAPH").has("rms")).isFalse();
  }

  @Test
  void allListsEveryCheckpointFileOfAnExperiment() {
    CliRun run = CliRun.of("inspect", "--all", experiment.toString());
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.out()).containsOnlyOnce("checkpoint " + experiment.resolve("checkpoint/period_0") + "\n");
  }

  @Test
  void unreadablePathsAreOneClearLine() throws Exception {
    CliRun missing = CliRun.of("inspect", experiment.toString(), tmp.resolve("nope").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("error: " + tmp.resolve("nope") + ": no such file or directory")
        .doesNotContain("\tat ");
    // a bad path is found before anything is printed
    assertThat(missing.out()).isEmpty();

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun neither = CliRun.of("inspect", empty.toString());
    assertThat(neither.status()).isEqualTo(1);
    assertThat(neither.err()).contains(empty + " is neither a package or released checkpoint (no weights.index)"
        + " nor an experiment directory (no config.json)");

    Path junk = tmp.resolve("junk");
    Files.writeString(tmp.resolve("junk.index"), "not a checkpoint");
    Files.writeString(tmp.resolve("junk.data-00000-of-00001"), "");
    CliRun unreadable = CliRun.of("inspect", junk.toString());
    assertThat(unreadable.status()).isEqualTo(1);
    assertThat(unreadable.err()).contains("error: could not read checkpoint " + junk + ": ").doesNotContain("\tat ");
  }
}
