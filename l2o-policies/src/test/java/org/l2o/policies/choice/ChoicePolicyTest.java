package org.l2o.policies.choice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.ReferenceRules;
import org.l2o.policies.analytical.AnalyticalRule;
import org.l2o.policies.registry.PolicyRegistry;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** The choice policies against spec §4.5 / §17: sizes, state, a double-precision reference, the pool, the weights. */
class ChoicePolicyTest {
  /** The small pool of less_choice with the spec's current learning rates (§4.4). */
  static final List<Map<String, Object>> SMALL_POOL = List.of(
      Map.of("class_name", "RMSProp", "config", Map.of("learning_rate", 0.005, "rho", 0.9)),
      Map.of("class_name", "Adam", "config", Map.of("learning_rate", 0.02, "beta_1", 0.9, "beta_2", 0.999,
          "epsilon", 1e-10)));
  /** The large pool of more_choice (§4.4). */
  static final List<Map<String, Object>> LARGE_POOL = List.of(
      Map.of("class_name", "SGD", "config", Map.of("learning_rate", 2.0)),
      Map.of("class_name", "Momentum", "config", Map.of("learning_rate", 2.0, "beta_1", 0.9)),
      SMALL_POOL.get(0), SMALL_POOL.get(1),
      Map.of("class_name", "PowerSign", "config", Map.of("learning_rate", 1.0, "beta_1", 0.9, "beta_2", 0.999,
          "epsilon", 1e-10)),
      Map.of("class_name", "AddSign", "config", Map.of("learning_rate", 1.0, "beta_1", 0.9, "beta_2", 0.999,
          "epsilon", 1e-10)));
  /** The same pool written as plain double references, in the same order. */
  static final List<Supplier<ReferenceRules.Reference>> LARGE_REFERENCE = List.of(
      ReferenceRules.sgd(2.0), ReferenceRules.momentum(2.0, 0.9), ReferenceRules.rmsprop(0.005, 0.9, 1e-7),
      ReferenceRules.adam(0.02, 0.9, 0.999, 1e-10), ReferenceRules.sign(true, 1.0, 0.9, 0.999, 1e-10),
      ReferenceRules.sign(false, 1.0, 0.9, 0.999, 1e-10));

  static ChoicePolicy policy(List<Map<String, Object>> pool, Map<String, Object> overrides) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("layers", List.of(20, 20));
    config.put("learning_rate", 1.0);
    config.put("epsilon", 1e-10);
    config.put("hardness", 0.0);
    config.put("name", "MoreChoiceOptimizer");
    config.put("use_meta_features", true);
    config.put("time_scale", 2000.0);
    config.put("lr_multiplier_scale", 0.0);
    config.put("warmup_lstm_update", false);
    config.put("pool", pool);
    config.putAll(overrides);
    return (ChoicePolicy) PolicyRegistry.defaults().student(ChoiceConfig.CONSTRUCTOR, config);
  }

  /** Fresh weights from the policy's initializers, with non-zero logit biases so the softmax is not flat. */
  static Map<String, float[]> weights(ChoicePolicy policy, long seed) {
    Random rng = new Random(seed);
    Map<String, float[]> w = new LinkedHashMap<>();
    for (WeightSpec s : policy.weightSpecs()) {
      float[] v = s.initializer().sample(s.shape(), rng);
      if (s.name().equals(ChoicePolicy.CHOICE_BIAS)) {
        for (int j = 0; j < v.length; j++) {
          v[j] = (float) (rng.nextGaussian() * 0.7);
        }
      }
      w.put(s.name(), v);
    }
    return w;
  }

  static float[][] gradients(int steps, int n, long seed) {
    Random rng = new Random(seed);
    float[][] g = new float[steps][n];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < n; i++) {
        g[t][i] = (float) (rng.nextGaussian() * 0.5);
      }
      g[t][0] = t % 2 == 0 ? 3f : -2f; // one large, sign-changing coordinate
    }
    return g;
  }

  static Map<String, double[]> toDouble(Map<String, float[]> w) {
    Map<String, double[]> out = new HashMap<>();
    w.forEach((k, v) -> {
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      out.put(k, d);
    });
    return out;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  @Test
  void weightCountsAreThoseOfTheOriginal() {
    ChoicePolicy less = policy(SMALL_POOL, Map.of());
    ChoicePolicy more = policy(LARGE_POOL, Map.of());
    assertThat(less.weightSpecs().stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(5482);
    assertThat(more.weightSpecs().stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(5886);
    assertThat(more.weightSpecs().stream().map(WeightSpec::shape)).containsExactly(
        Shape.of(10, 80), Shape.of(20, 80), Shape.of(80), Shape.of(20, 80), Shape.of(20, 80), Shape.of(80),
        Shape.of(20, 6), Shape.of(6));
    assertThat(less.weightSpecs().get(0).shape()).isEqualTo(Shape.of(6, 80));
    assertThat(less.fusable()).isFalse();
    assertThat(PolicyRegistry.defaults().isStudent(ChoiceConfig.CONSTRUCTOR)).isTrue();
  }

  @Test
  void stateHoldsTheLstmStatesTheInt64CounterEveryPoolStateAndTheChoices() {
    List<StateSpec> specs = policy(LARGE_POOL, Map.of()).stateSpecs(Shape.of(3, 4));
    assertThat(specs.stream().map(StateSpec::name)).containsExactly("rnn_0/h", "rnn_0/c", "rnn_1/h", "rnn_1/c",
        "time", "choices/1/m", "choices/2/ms", "choices/3/m", "choices/3/v", "choices/4/m", "choices/4/v",
        "choices/5/m", "choices/5/v", "_choices");
    assertThat(specs.get(0).shape()).isEqualTo(Shape.of(12, 20));
    assertThat(specs.get(0).keptInWarmup()).isTrue();
    StateSpec time = specs.get(4);
    assertThat(time.type()).isEqualTo(TInt64.class);
    assertThat(time.shape()).isEqualTo(Shape.scalar());
    assertThat(time.keptInWarmup()).isFalse();
    assertThat(specs.get(5).shape()).isEqualTo(Shape.of(3, 4));
    assertThat(specs.get(5).keptInWarmup()).isFalse();
    assertThat(specs.get(13).shape()).isEqualTo(Shape.of(6));
    assertThat(specs.get(13).type()).isEqualTo(TFloat32.class);
  }

  @Test
  void stepsMatchTheDoublePrecisionReferenceForEveryRank() {
    // time_scale 2 and a counter starting at 3 make the time feature large (1.5, 2, 2.5, ...): a clipped feature or
    // one read after the increment would change the result well beyond the tolerance.
    ChoicePolicy policy = policy(LARGE_POOL, Map.of("time_scale", 2.0));
    Map<String, float[]> w = weights(policy, 7);
    for (Shape shape : List.of(Shape.of(5), Shape.of(2, 3), Shape.of(2, 1, 2), Shape.of(1, 2, 1, 2))) {
      int n = (int) shape.size();
      float[][] g = gradients(5, n, 11 + n);
      ReferenceChoice reference = new ReferenceChoice(toDouble(w), LARGE_REFERENCE, n, shape.numDimensions(), 2, 20,
          1.0, 1e-10, 2.0, 3);
      try (ChoiceChain chain = new ChoiceChain(policy, shape, g, 3, true, null)) {
        ChoiceChain.Values values = chain.run(w, null);
        for (int t = 0; t < g.length; t++) {
          double[] expected = reference.step(toDouble(g[t]));
          float[] actual = values.deltas().get(t);
          for (int i = 0; i < n; i++) {
            assertThat((double) actual[i]).as("%s step %d coordinate %d", shape, t, i)
                .isCloseTo(expected[i], within(2e-5 + 2e-5 * Math.abs(expected[i])));
          }
          List<Object> state = values.states().get(t);
          assertThat(state.get(4)).as("counter after step %d", t).isEqualTo(4L + t);
          float[] choices = (float[]) state.get(state.size() - 1);
          for (int j = 0; j < 6; j++) {
            assertThat((double) choices[j]).as("%s step %d choices %d", shape, t, j)
                .isCloseTo(reference.choices[j], within(1e-5 * n));
          }
        }
      }
    }
  }

  @Test
  void theDefaultSmallPoolConfigMatchesTheReferenceToo() {
    ChoicePolicy policy = policy(SMALL_POOL, Map.of());
    Map<String, float[]> w = weights(policy, 3);
    Shape shape = Shape.of(4, 2);
    float[][] g = gradients(6, 8, 5);
    ReferenceChoice reference = new ReferenceChoice(toDouble(w), List.of(ReferenceRules.rmsprop(0.005, 0.9, 1e-7),
        ReferenceRules.adam(0.02, 0.9, 0.999, 1e-10)), 8, 2, 2, 20, 1.0, 1e-10, 2000.0, 0);
    try (ChoiceChain chain = new ChoiceChain(policy, shape, g, 0, false, null)) {
      ChoiceChain.Values values = chain.run(w, null);
      for (int t = 0; t < g.length; t++) {
        double[] expected = reference.step(toDouble(g[t]));
        for (int i = 0; i < 8; i++) {
          assertThat((double) values.deltas().get(t)[i]).as("step %d coordinate %d", t, i)
              .isCloseTo(expected[i], within(1e-6 + 2e-5 * Math.abs(expected[i])));
        }
      }
    }
  }

  @Test
  void thePoolMembersGiveBitForBitTheUpdatesAndStatesOfTheStandAloneRules() {
    // hardness > 0 outside training picks one member by arg-max: with a zero kernel and a large bias for member j,
    // the update is exactly 1.0 * u_j + 0 * (the others), i.e. the stand-alone rule's update bit for bit.
    ChoicePolicy policy = policy(LARGE_POOL, Map.of("hardness", 10.0));
    Shape shape = Shape.of(3, 2);
    float[][] g = gradients(4, 6, 21);
    for (int j = 0; j < 6; j++) {
      Map<String, float[]> w = weights(policy, 1);
      w.put(ChoicePolicy.CHOICE_KERNEL, new float[20 * 6]);
      float[] bias = new float[6];
      bias[j] = 50f;
      w.put(ChoicePolicy.CHOICE_BIAS, bias);
      AnalyticalRule member = policy.config().pool().get(j);
      try (ChoiceChain choice = new ChoiceChain(policy, shape, g, 0, false, null);
          ChoiceChain alone = new ChoiceChain(member, shape, g, 0, false, null)) {
        ChoiceChain.Values c = choice.run(w, null);
        ChoiceChain.Values a = alone.run(Map.of(), null);
        int offset = 5 + stateOffset(policy, shape, j);
        for (int t = 0; t < g.length; t++) {
          assertThat(c.deltas().get(t)).as("member %d step %d", j, t).containsExactly(a.deltas().get(t));
          for (int s = 0; s < a.states().get(t).size(); s++) {
            assertThat((float[]) c.states().get(t).get(offset + s)).as("member %d step %d state %d", j, t, s)
                .containsExactly((float[]) a.states().get(t).get(s));
          }
          assertThat(((float[]) c.states().get(t).get(c.states().get(t).size() - 1))[j]).isEqualTo(6f);
        }
      }
    }
  }

  private static int stateOffset(ChoicePolicy policy, Shape shape, int member) {
    int offset = 0;
    for (int j = 0; j < member; j++) {
      offset += policy.config().pool().get(j).stateSpecs(shape).size();
    }
    return offset;
  }

  @Test
  void argMaxOutsideTrainingGumbelSoftmaxInTraining() {
    // Zero kernel: the logits are the bias, log(0.2) and log(0.8), at every coordinate.
    ChoicePolicy policy = policy(SMALL_POOL, Map.of("hardness", 10.0));
    Map<String, float[]> w = weights(policy, 5);
    w.put(ChoicePolicy.CHOICE_KERNEL, new float[40]);
    w.put(ChoicePolicy.CHOICE_BIAS, new float[] {(float) Math.log(0.2), (float) Math.log(0.8)});
    int n = 4000;
    Shape shape = Shape.of(n);
    float[][] g = gradients(1, n, 9);
    try (ChoiceChain inference = new ChoiceChain(policy, shape, g, 0, false, null)) {
      float[] choices = last(inference.run(w, null));
      assertThat(choices).containsExactly(0f, (float) n); // one-hot of the arg-max everywhere
    }
    float[] first;
    try (ChoiceChain training = new ChoiceChain(policy, shape, g, 0, true, 42L)) {
      first = last(training.run(w, null));
      // Gumbel-max: at hardness 10 the weights are nearly one-hot with P(member j) = softmax(z)_j = 0.2 / 0.8.
      assertThat(first[0] + first[1]).isCloseTo(n, within(0.5f));
      assertThat(first[0] / n).isCloseTo(0.2f, within(0.03f));
      assertThat(training.run(w, null).deltas().get(0)).containsExactly(training.run(w, null).deltas().get(0));
    }
    try (ChoiceChain other = new ChoiceChain(policy, shape, g, 0, true, 43L)) {
      assertThat(last(other.run(w, null))[0]).isNotEqualTo(first[0]); // another key, other draws
    }
    try (ChoiceChain soft = new ChoiceChain(policy(SMALL_POOL, Map.of()), shape, g, 0, true, 42L)) {
      float[] choices = last(soft.run(w, null)); // hardness 0: the plain softmax, 0.2 / 0.8 at every coordinate
      assertThat(choices[0] / n).isCloseTo(0.2f, within(1e-4f));
      assertThat(choices[1] / n).isCloseTo(0.8f, within(1e-4f));
    }
  }

  private static float[] last(ChoiceChain.Values values) {
    List<Object> state = values.states().get(values.states().size() - 1);
    return (float[]) state.get(state.size() - 1);
  }

  @Test
  void theGradientWithRespectToTheWeightsMatchesDifferencesOfTheReference() {
    ChoicePolicy policy = policy(LARGE_POOL, Map.of("time_scale", 2.0));
    Map<String, float[]> w = weights(policy, 17);
    Shape shape = Shape.of(2, 2);
    float[][] g = gradients(3, 4, 23);
    Random rng = new Random(29);
    float[][] coeff = new float[3][4];
    for (float[] row : coeff) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) rng.nextGaussian();
      }
    }
    Map<String, float[]> grads;
    try (ChoiceChain chain = new ChoiceChain(policy, shape, g, 1, true, null)) {
      grads = chain.run(w, coeff).gradients();
    }
    Map<String, double[]> base = toDouble(w);
    int checked = 0;
    for (WeightSpec spec : policy.weightSpecs()) {
      int size = (int) spec.shape().size();
      for (int probe = 0; probe < 3; probe++) {
        int index = rng.nextInt(size);
        double h = 1e-5;
        double up = objective(perturbed(base, spec.name(), index, h), g, coeff);
        double down = objective(perturbed(base, spec.name(), index, -h), g, coeff);
        double expected = (up - down) / (2 * h);
        double actual = grads.get(spec.name())[index];
        assertThat(actual).as("d objective / d %s[%d]", spec.name(), index)
            .isCloseTo(expected, within(2e-4 + 2e-3 * Math.abs(expected)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(24);
    assertThat(grads.get(ChoicePolicy.CHOICE_BIAS)).as("the logits' bias moves the update").isNotEqualTo(new float[6]);
  }

  private static Map<String, double[]> perturbed(Map<String, double[]> w, String name, int index, double h) {
    Map<String, double[]> out = new HashMap<>(w);
    double[] v = w.get(name).clone();
    v[index] += h;
    out.put(name, v);
    return out;
  }

  private static double objective(Map<String, double[]> w, float[][] g, float[][] coeff) {
    ReferenceChoice reference = new ReferenceChoice(w, LARGE_REFERENCE, 4, 2, 2, 20, 1.0, 1e-10, 2.0, 1);
    double sum = 0;
    for (int t = 0; t < g.length; t++) {
      double[] d = reference.step(toDouble(g[t]));
      for (int i = 0; i < d.length; i++) {
        sum += coeff[t][i] * d[i];
      }
    }
    return sum;
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> policy(SMALL_POOL, Map.of("lr_multiplier_scale", 0.5)))
        .hasMessageContaining("policy/lr_multiplier_scale");
    assertThatThrownBy(() -> policy(List.of(Map.of("class_name", "Nadam", "config", Map.of())), Map.of()))
        .hasMessageContaining("policy/pool/0").hasMessageContaining("Nadam");
    assertThatThrownBy(() -> policy(SMALL_POOL, Map.of("perturbation", Map.of("class_name", "FGSMPerturbation"))))
        .hasMessageContaining("policy/perturbation").hasMessageContaining("not perturbable");
    assertThatThrownBy(() -> policy(SMALL_POOL, Map.of("temperature", 1.0))).hasMessageContaining("policy/temperature");
    assertThatThrownBy(() -> PolicyRegistry.defaults().student(ChoiceConfig.CONSTRUCTOR, Map.of()))
        .hasMessageContaining("policy/pool");
  }

  @Test
  void aRuleWithoutARandomKeyRefusesGumbelDrawsClearly() {
    ChoicePolicy policy = policy(SMALL_POOL, Map.of("hardness", 1.0));
    assertThatThrownBy(() -> new ChoiceChain(policy, Shape.of(2), gradients(1, 2, 1), 0, true, null).close())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("gumbel");
    UpdateRule rule = policy;
    assertThat(rule.name()).isEqualTo("MoreChoiceOptimizer");
  }
}
