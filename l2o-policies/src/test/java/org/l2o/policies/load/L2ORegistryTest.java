package org.l2o.policies.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.json.Json;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.policies.registry.PolicyEntry;
import org.l2o.policies.registry.PolicyRegistry;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A package of a student that is not RNNProp, registered by the user, is written, loaded and used. */
class L2ORegistryTest {
  private static final String CONSTRUCTOR = "ScaledSgdOptimizer";

  /** delta = scale * g with one learned scalar weight and no state. */
  static final class ScaledSgd implements UpdateRule {
    static final String SCALE = "network/scale";

    @Override
    public String name() {
      return "ScaledSgd";
    }

    @Override
    public List<StateSpec> stateSpecs(Shape paramShape) {
      return List.of();
    }

    @Override
    public List<WeightSpec> weightSpecs() {
      return List.of(new WeightSpec(SCALE, Shape.of(1), Initializers.ones()));
    }

    @Override
    public Step step(Ops tf, StepInput in) {
      return new Step(tf.math.mul(tf.reshape(in.weights().get(tf, SCALE), tf.constant(new long[0])), in.grad()),
          List.of());
    }
  }

  private static final PolicyRegistry REGISTRY =
      PolicyRegistry.defaults().with(new PolicyEntry(CONSTRUCTOR, true, policy -> new ScaledSgd()));

  @TempDir Path tmp;

  private Path writeScaledSgdPackage(float scale) throws Exception {
    ObjectNode config = Json.nodes().objectNode();
    config.put("policy_constructor", CONSTRUCTOR);
    config.putObject("policy");
    ObjectNode metadata = Json.nodes().objectNode().put("source", "test");
    Path dst = tmp.resolve("pkg");
    L2O.writePackage(dst, config, Map.of(ScaledSgd.SCALE, new float[] {scale}), new ScaledSgd().weightSpecs(), 0,
        0.05, metadata, REGISTRY);
    return dst;
  }

  @Test
  void aRegisteredStudentIsLoadedAndTrainsAUserGraph() throws Exception {
    Path pkg = writeScaledSgdPackage(0.25f);
    LearnedOptimizer loaded = L2O.load(pkg, REGISTRY);
    assertThat(loaded.policy()).isInstanceOf(ScaledSgd.class);
    assertThat(loaded.policy(ScaledSgd.class).name()).isEqualTo("ScaledSgd");
    assertThat(loaded.weights().values().get(ScaledSgd.SCALE)).containsExactly(0.25f);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.variable(tf.constant(new float[] {1f, -2f}));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(tf.identity(x)), tf.constant(0));
      Op step = loaded.optimizer(g, Warmup.NONE).minimize(loss);
      s.initialize();
      s.run(step);
      s.run(step);
      // x <- x - 0.25 * 2x = x / 2, twice.
      try (Result r = s.runner().fetch(x).run()) {
        TFloat32 v = (TFloat32) r.get(0);
        assertThat(new float[] {v.getFloat(0), v.getFloat(1)}).containsExactly(0.25f, -0.5f);
      }
    }
  }

  @Test
  void theDefaultRegistryRefusesTheUnknownStudentByName() throws Exception {
    Path pkg = writeScaledSgdPackage(1f);
    assertThatThrownBy(() -> L2O.load(pkg)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("policy_constructor \"ScaledSgdOptimizer\" cannot be loaded; only RNNPropOptimizer")
        .hasMessageContaining("'ScaledSgdOptimizer' is not a known policy; accepted: [RNNPropOptimizer,");
    assertThatThrownBy(() -> L2O.load(pkg, PolicyRegistry.defaults()))
        .hasMessageContaining("ScaledSgdOptimizer");
  }

  @Test
  void anAnalyticalPolicyIsNotPackaged() {
    ObjectNode config = Json.nodes().objectNode();
    config.put("policy_constructor", "AdamOptimizer");
    config.putObject("policy");
    assertThatThrownBy(() -> L2O.writePackage(tmp.resolve("adam"), config, Map.of(), List.of(), 0, 0.05,
        Json.nodes().objectNode(), REGISTRY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only RNNPropOptimizer, AbstractChoiceOptimizer, DMOptimizer, ScaleHierarchicalOptimizer, ScaledSgdOptimizer packages are supported")
        .hasMessageContaining("AdamOptimizer is an analytical policy: it has no weights to package");
  }
}
