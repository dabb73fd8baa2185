package org.l2o.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.choice.ChoicePolicy;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.policies.registry.PolicyRegistry;

/**
 * An evaluation with a choice policy records, per variable and training batch, the mean weight of every pool member
 * ({@code _choices_<variable>}, spec §17) in keys of its own beside the original's, and keeps them through an
 * interruption (real MNIST prefix, mlp_train, 10 batches per epoch).
 */
class ChoiceWeightsRecordTest {
  private static final List<Map<String, Object>> POOL = List.of(
      Map.of("class_name", "RMSProp", "config", Map.of("learning_rate", 0.005, "rho", 0.9)),
      Map.of("class_name", "Adam", "config", Map.of("learning_rate", 0.02, "beta_1", 0.9, "beta_2", 0.999,
          "epsilon", 1e-10)));

  private static UpdateRule policy(double hardness) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("learning_rate", 1.0);
    config.put("hardness", hardness);
    config.put("use_meta_features", true);
    config.put("time_scale", 2000.0);
    config.put("pool", POOL);
    return PolicyRegistry.defaults().student("AbstractChoiceOptimizer", config);
  }

  private static ConstantWeights weights(UpdateRule rule, float[] choiceBias) {
    Random rng = new Random(4);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (WeightSpec s : rule.weightSpecs()) {
      values.put(s.name(), s.initializer().sample(s.shape(), rng));
    }
    if (choiceBias != null) {
      values.put(ChoicePolicy.CHOICE_KERNEL, new float[20 * 2]);
      values.put(ChoicePolicy.CHOICE_BIAS, choiceBias);
    }
    return new ConstantWeights(rule.weightSpecs(), values);
  }

  private static RunStack evaluate(UpdateRule rule, ConstantWeights w, int repeats, PartialEvaluation partial)
      throws Exception {
    ProgressListener quiet = event -> { };
    OptimizerFactory factory = graph -> new PolicyOptimizer(graph, "OptimizerEvaluation", rule, w, Warmup.NONE);
    return partial == null
        ? EvaluationRunner.run(PartialEvaluationTest.PROBLEM, factory, repeats, 1, 5L, quiet)
        : EvaluationRunner.run(PartialEvaluationTest.PROBLEM, factory, repeats, 1, partial, quiet);
  }

  @Test
  void theMeanWeightOfEveryMemberIsRecordedPerVariableAndBatch(@TempDir Path tmp) throws Exception {
    UpdateRule rule = policy(0.0);
    RunStack stack = evaluate(rule, weights(rule, null), 2, null);
    Map<String, NpyArray> debug = stack.debugArrays();
    assertThat(debug).hasSize(4); // mlp_train: two dense layers, kernel and bias each
    assertThat(debug.keySet()).allSatisfy(k -> assertThat(k).startsWith("_choices_"));
    for (NpyArray a : debug.values()) {
      assertThat(a.shape()).containsExactly(2, 10, 2);
      float[] v = a.floats();
      boolean changes = false;
      for (int row = 0; row < 20; row++) {
        // the softmax weights of a coordinate sum to 1 (up to eps): so does their mean over the tensor
        assertThat(v[2 * row] + v[2 * row + 1]).isCloseTo(1f, within(1e-5f));
        assertThat(v[2 * row]).isBetween(0f, 1f);
        changes |= row % 10 > 0 && v[2 * row] != v[2 * row - 2];
      }
      assertThat(changes).as("the weights move as the states evolve").isTrue();
    }
    // The result file holds the original's keys unchanged and the records under their own keys.
    Path npz = tmp.resolve("r.npz");
    EvaluationFiles.write(npz, stack, Map.of("problem", "mlp_train"));
    Map<String, NpyArray> written = Npz.read(npz);
    assertThat(written.keySet()).containsAll(RunStack.KEYS).containsAll(debug.keySet()).hasSize(RunStack.KEYS.size() + 4);
    assertThat(written.get("loss").shape()).containsExactly(2, 1);
  }

  @Test
  void anArgMaxChoiceIsRecordedAsOneHotAndSurvivesAnInterruption(@TempDir Path tmp) throws Exception {
    UpdateRule rule = policy(10.0); // hardness > 0 outside training: one-hot arg-max, here always member 1 (Adam)
    ConstantWeights w = weights(rule, new float[] {0f, 5f});
    Path result = tmp.resolve("r.npz");
    PartialEvaluation partial = PartialEvaluation.open(result, Map.of("problem", "mlp_train"), 9L, false);
    RunStack first = evaluate(rule, w, 1, partial);
    for (NpyArray a : first.debugArrays().values()) {
      float[] v = a.floats();
      for (int row = 0; row < 10; row++) {
        assertThat(v[2 * row]).isEqualTo(0f);
        assertThat(v[2 * row + 1]).isCloseTo(1f, within(1e-6f)); // n / n up to the division's rounding
      }
    }
    // A second evaluation of 2 repeats with the same record takes run 0 from it, debug records included.
    PartialEvaluation again = PartialEvaluation.open(result, Map.of("problem", "mlp_train"), 9L, false);
    RunStack continued = evaluate(rule, w, 2, again);
    assertThat(continued.runs().get(0).debug().keySet()).isEqualTo(first.runs().get(0).debug().keySet());
    for (String key : first.runs().get(0).debug().keySet()) {
      assertThat(continued.runs().get(0).debug().get(key)).isDeepEqualTo(first.runs().get(0).debug().get(key));
    }
    assertThat(continued.debugArrays().values().iterator().next().shape()).containsExactly(2, 10, 2);
  }
}
