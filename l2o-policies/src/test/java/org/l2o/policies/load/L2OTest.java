package org.l2o.policies.load;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.json.Json;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Package round trip, the loaded optimizer on a user's own graph, and the errors for bad packages. */
class L2OTest {
  private static final RnnProp POLICY = new RnnProp(RnnPropConfig.defaults());

  @TempDir Path tmp;

  private static Map<String, float[]> randomWeights(long seed) {
    Random rng = new Random(seed);
    Map<String, float[]> w = new LinkedHashMap<>();
    for (WeightSpec spec : POLICY.weightSpecs()) {
      float[] v = new float[(int) spec.shape().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) rng.nextGaussian();
      }
      w.put(spec.name(), v);
    }
    return w;
  }

  /** A package config holding only the policy part of the original's defaults (rnnprop or adam). */
  private static ObjectNode config(String policy) {
    String json = policy.equals("rnnprop")
        ? "{\"policy_constructor\": \"RNNPropOptimizer\", \"policy\": {\"layers\": [20, 20], \"beta_1\": 0.9,"
            + " \"beta_2\": 0.999, \"alpha\": 0.1, \"epsilon\": 1e-10, \"warmup_lstm_update\": false,"
            + " \"perturbation\": null, \"input_noise\": 0.0, \"name\": \"RNNPropOptimizer\"}}"
        : "{\"policy_constructor\": \"AdamOptimizer\", \"policy\": {\"learning_rate\": 0.001, \"beta_1\": 0.9,"
            + " \"beta_2\": 0.999, \"epsilon\": 1e-10, \"trainable\": true}}";
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode metadata(String source) {
    ObjectNode m = Json.nodes().objectNode();
    m.put("source", source);
    return m;
  }

  @Test
  void roundTripKeepsWeightsConfigMetadataAndSettings() throws IOException {
    Map<String, float[]> weights = randomWeights(7);
    ObjectNode config = config("rnnprop");
    Path dst = tmp.resolve("pkg");
    L2O.writePackage(dst, config, weights, POLICY.weightSpecs(), 100, 0.05, metadata("test"));

    try (Stream<Path> entries = Files.list(tmp)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList())
          .as("nothing but the package is left beside it").containsExactly("pkg");
    }
    try (Stream<Path> entries = Files.list(dst)) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("config.json", "weights.data-00000-of-00001", "weights.index");
    }
    LearnedOptimizer loaded = L2O.load(dst);
    Map<String, float[]> back = loaded.weights().values();
    assertThat(back.keySet()).containsExactlyElementsOf(weights.keySet());
    weights.forEach((name, v) -> assertThat(back.get(name)).as(name).containsExactly(v));
    assertThat(loaded.settings()).isEqualTo(new PackageSettings(100, 0.05));
    assertThat(loaded.metadata().get("source").asText()).isEqualTo("test");
    assertThat(loaded.policy(RnnProp.class).config()).isEqualTo(RnnPropConfig.defaults());
    ObjectNode expected = config.deepCopy();
    expected.set("metadata", metadata("test"));
    expected.putObject("settings").put("warmup", 100).put("warmup_rate", 0.05);
    assertThat(loaded.config()).isEqualTo(expected);
    assertThat(Json.readObject(dst.resolve("config.json"), "config.json")).isEqualTo(expected);
    // the bundle holds the weights under the original's keys, readable by the checkpoint code directly
    Map<String, float[]> direct = PolicyCheckpoint.readWeights(dst.resolve("weights"), POLICY.weightSpecs());
    weights.forEach((name, v) -> assertThat(direct.get(name)).as(name).containsExactly(v));
  }

  @Test
  void optimizerTrainsAUsersGraphAndNeverItsOwnWeights() throws IOException {
    Map<String, float[]> released =
        PolicyCheckpoint.readWeights(ReleasedCheckpoints.prefix("choice-large", 1), POLICY.weightSpecs());
    Path dst = tmp.resolve("pkg");
    L2O.writePackage(dst, config("rnnprop"), released, POLICY.weightSpecs(), 100, 0.05,
        metadata("test"));
    LearnedOptimizer loaded = L2O.load(dst);

    try (Graph other = new Graph()) {
      assertThat(loaded.optimizer(other).warmup()).as("the package's warm-up by default").isEqualTo(new Warmup(100, 0.05f));
    }
    float[] target = {0.1f, -0.2f, 0.05f, 0.3f, -0.025f, 0.0f};
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = tf.withName("user_w").variable(tf.zeros(tf.constant(new long[] {2, 3}), TFloat32.class));
      Operand<TFloat32> loss = tf.reduceSum(
          tf.math.square(tf.math.sub(w, tf.reshape(tf.constant(target), tf.constant(new long[] {2, 3})))),
          tf.constant(new int[] {0, 1}));
      PolicyOptimizer optimizer = loaded.optimizer(graph, Warmup.NONE);
      List<GradAndVar<?>> grads = optimizer.computeGradients(loss);
      assertThat(grads).as("minimize differentiates the user's variable only").hasSize(1);
      assertThat(grads.get(0).getVariable().op().name()).isEqualTo("user_w");
      Op train = optimizer.minimize(loss);

      List<String> variables = new ArrayList<>();
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().startsWith("Variable") || op.type().equals("VarHandleOp")) {
          variables.add(op.name());
        }
      }
      assertThat(variables).as("the graph's variables: the user's, and the optimizer's state and counter")
          .hasSize(1 + POLICY.stateSpecs(Shape.of(2, 3)).size() + 1)
          .contains("user_w")
          .allMatch(n -> n.equals("user_w") || n.startsWith(optimizer.getOptimizerName() + "/"))
          .noneMatch(n -> n.contains("network"));

      float first;
      float last;
      try (Session session = new Session(graph)) {
        session.initialize();
        first = lossOf(session, loss);
        for (int step = 0; step < 100; step++) {
          session.run(train);
        }
        last = lossOf(session, loss);
      }
      // a target at the scale of network weights: the released student (|delta| <= 0.1) gets within 1% of it
      assertThat(first).isCloseTo(0.143125f, within(1e-6f));
      assertThat(last).as("the learned rule reduces the user's loss").isLessThan(0.01f * first);
    }
  }

  private static float lossOf(Session session, Operand<TFloat32> loss) {
    try (Result r = session.runner().fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void overwriteIsRefusedAndLeavesTheDestinationAlone() throws IOException {
    Path dst = Files.createDirectory(tmp.resolve("pkg"));
    Files.writeString(dst.resolve("keep.txt"), "mine");
    assertThatThrownBy(() -> L2O.writePackage(dst, config("rnnprop"), randomWeights(1),
        POLICY.weightSpecs(), 100, 0.05, metadata("test")))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("refusing to overwrite");
    try (Stream<Path> entries = Files.list(dst)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("keep.txt");
    }
  }

  @Test
  void aKilledWritersTemporaryFolderIsRemovedByTheNextWriteOnceItIsStale() throws IOException {
    // what a writer killed between creating its folder and the rename leaves
    Path stale = Files.createDirectory(tmp.resolve(".pkg.tmp-0f3c"));
    Files.writeString(stale.resolve("config.json"), "{");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(L2O.STALE_AFTER).minusSeconds(60)));
    Path recent = Files.createDirectory(tmp.resolve(".pkg.tmp-77aa")); // may be another writer's, at work
    Path otherName = Files.createDirectory(tmp.resolve(".other.tmp-0f3c"));
    Files.setLastModifiedTime(otherName, FileTime.from(Instant.now().minus(L2O.STALE_AFTER).minusSeconds(60)));

    L2O.writePackage(tmp.resolve("pkg"), config("rnnprop"), randomWeights(1), POLICY.weightSpecs(), 100, 0.05,
        metadata("test"));
    assertThat(stale).doesNotExist();
    assertThat(recent).isDirectory();
    assertThat(otherName).isDirectory();
    assertThat(L2O.load(tmp.resolve("pkg")).weights().values()).hasSize(POLICY.weightSpecs().size());
  }

  @Test
  void writeRefusesWeightsThatDoNotFitTheConfig() {
    ObjectNode config = config("rnnprop");
    config.withObject("policy").putArray("layers").add(10);
    assertThatThrownBy(() -> L2O.writePackage(tmp.resolve("pkg"), config, randomWeights(1), POLICY.weightSpecs(),
        100, 0.05, metadata("test")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are not those of the config's policy");
    ObjectNode adam = config("adam");
    assertThatThrownBy(() -> L2O.writePackage(tmp.resolve("pkg"), adam, randomWeights(1), POLICY.weightSpecs(),
        100, 0.05, metadata("test")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only RNNPropOptimizer");
    assertThat(tmp.resolve("pkg")).doesNotExist();
  }

  @Test
  void missingOrForeignPackagesFailNamingTheFile() throws IOException {
    assertThatThrownBy(() -> L2O.load(tmp.resolve("absent")))
        .isInstanceOf(IOException.class).hasMessageContaining("no such folder").hasMessageContaining("config.json");
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThatThrownBy(() -> L2O.load(empty)).hasMessageContaining("config.json is missing");

    Path pkg = tmp.resolve("pkg");
    L2O.writePackage(pkg, config("rnnprop"), randomWeights(3), POLICY.weightSpecs(), 100,
        0.05, metadata("test"));
    Path config = pkg.resolve("config.json");
    ObjectNode good = Json.readObject(config, "config.json");

    Files.move(pkg.resolve("weights.index"), tmp.resolve("moved.index"));
    assertThatThrownBy(() -> L2O.load(pkg)).hasMessageContaining("weights.index is missing");
    Files.move(tmp.resolve("moved.index"), pkg.resolve("weights.index"));

    ObjectNode foreign = good.deepCopy();
    foreign.put("policy_constructor", "ChoiceOptimizer");
    Files.writeString(config, Json.pretty(foreign));
    assertThatThrownBy(() -> L2O.load(pkg)).hasMessageContaining("config.json")
        .hasMessageContaining("\"ChoiceOptimizer\" cannot be loaded; only RNNPropOptimizer");

    ObjectNode noSettings = good.deepCopy();
    noSettings.remove("settings");
    Files.writeString(config, Json.pretty(noSettings));
    assertThatThrownBy(() -> L2O.load(pkg)).hasMessageContaining("settings is missing");

    ObjectNode badWarmup = good.deepCopy();
    badWarmup.withObject("settings").put("warmup", 1.5);
    Files.writeString(config, Json.pretty(badWarmup));
    assertThatThrownBy(() -> L2O.load(pkg)).hasMessageContaining("settings/warmup must be a non-negative integer");

    ObjectNode otherLayers = good.deepCopy();
    otherLayers.withObject("policy").putArray("layers").add(10).add(10);
    Files.writeString(config, Json.pretty(otherLayers));
    assertThatThrownBy(() -> L2O.load(pkg)).hasMessageContaining("do not fit the policy")
        .hasMessageContaining("network/recurrent/0/kernel");

    Files.writeString(config, "{\"policy_constructor\": ");
    assertThatThrownBy(() -> L2O.load(pkg)).hasMessageContaining("malformed config.json");
  }
}
