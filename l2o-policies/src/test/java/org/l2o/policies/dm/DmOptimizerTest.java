package org.l2o.policies.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.QuadraticUnroll;
import org.l2o.policies.ReferenceCells;
import org.l2o.policies.registry.PolicyRegistry;
import org.tensorflow.ndarray.Shape;

/** The DM optimizer against spec §4.6: layout, an independent double implementation, and finite differences. */
class DmOptimizerTest {
  private static final DmOptimizer POLICY = new DmOptimizer(DmConfig.defaults());
  private static final Shape[] SHAPES = {Shape.of(3), Shape.of(2, 2), Shape.of(1, 2)};

  /** Keras LSTM(u) on {@code in} inputs: 4u (in + u) + 4u. */
  private static long lstm(long in, long u) {
    return 4 * u * (in + u) + 4 * u;
  }

  @Test
  void weightNamesShapesAndCountFollowTheOriginal() {
    Map<String, Shape> expected = Map.of(
        "network/recurrent/0/kernel", Shape.of(1, 80),
        "network/recurrent/0/recurrent_kernel", Shape.of(20, 80),
        "network/recurrent/0/bias", Shape.of(80),
        "network/recurrent/1/kernel", Shape.of(20, 80),
        "network/recurrent/1/recurrent_kernel", Shape.of(20, 80),
        "network/recurrent/1/bias", Shape.of(80),
        "network/delta/kernel", Shape.of(20, 1),
        "network/delta/bias", Shape.of(1));
    List<WeightSpec> specs = POLICY.weightSpecs();
    assertThat(specs).hasSize(expected.size());
    specs.forEach(s -> assertThat(s.shape()).as(s.name()).isEqualTo(expected.get(s.name())));
    long count = specs.stream().mapToLong(s -> s.shape().size()).sum();
    assertThat(count).isEqualTo(lstm(1, 20) + lstm(20, 20) + 21).isEqualTo(5061);
  }

  @Test
  void statesAreLstmHAndCAndAllAdvanceInWarmup() {
    List<StateSpec> states = POLICY.stateSpecs(Shape.of(2, 3));
    assertThat(states).extracting(StateSpec::name).containsExactly("lstm_0/h", "lstm_0/c", "lstm_1/h", "lstm_1/c");
    assertThat(states).allSatisfy(s -> {
      assertThat(s.shape()).isEqualTo(Shape.of(6, 20));
      assertThat(s.keptInWarmup()).isFalse();
    });
    assertThat(POLICY.fusable()).isTrue();
  }

  @Test
  void configKeysAreTheOriginalsAndOthersAreRefused() {
    DmConfig c = DmConfig.fromConfig(Map.of("layers", List.of(20, 20), "learning_rate", 0.1, "name", "DMOptimizer",
        "activation", "tanh", "unit_forget_bias", true));
    assertThat(c).isEqualTo(DmConfig.defaults());
    assertThatThrownBy(() -> DmConfig.fromConfig(Map.of("beta_1", 0.9))).hasMessageStartingWith("policy/beta_1:");
    assertThatThrownBy(() -> DmConfig.fromConfig(Map.of("activation", "relu")))
        .hasMessageStartingWith("policy/activation:");
    assertThatThrownBy(() -> DmConfig.fromConfig(Map.of("learning_rate", -1.0)))
        .hasMessageStartingWith("policy/learning_rate:");
    assertThat(PolicyRegistry.defaults().student("DMOptimizer", Map.of("learning_rate", 0.05)))
        .isInstanceOfSatisfying(DmOptimizer.class, p -> assertThat(p.config().learningRate()).isEqualTo(0.05));
  }

  private static float[][] theta0() {
    return new float[][] {{0.8f, -1.2f, 0.3f}, {1.5f, -0.4f, 0.05f, -2f}, {0.6f, -0.9f}};
  }

  private static float[][] curvatures() {
    return new float[][] {{1f, 2f, 0.5f}, {1.5f, 0.7f, 3f, 1f}, {2.5f, 0.8f}};
  }

  private static Map<String, float[]> weights(long seed) {
    return QuadraticUnroll.randomWeights(POLICY.weightSpecs(), new Random(seed), 0.5, Map.of());
  }

  @Test
  void stepsOnThreeTensorsMatchAnIndependentImplementation() {
    int steps = 4;
    Map<String, float[]> w = weights(7);
    float[][] theta0 = theta0();
    float[][] a = curvatures();
    try (QuadraticUnroll unroll = new QuadraticUnroll(POLICY, theta0, SHAPES, a, steps, false)) {
      QuadraticUnroll.Run run = unroll.run(w);
      for (int i = 0; i < SHAPES.length; i++) {
        for (int k = 0; k < theta0[i].length; k++) {
          double[] expected = referenceDeltas(w, theta0[i][k], a[i][k], steps);
          for (int t = 0; t < steps; t++) {
            assertThat((double) run.deltas()[t][i][k]).as("step %d tensor %d coordinate %d", t, i, k)
                .isCloseTo(expected[t], within(1e-5 + 1e-4 * Math.abs(expected[t])));
            assertThat(Math.abs(expected[t])).as("the weights make every step move").isGreaterThan(1e-4);
          }
        }
      }
    }
  }

  /** One coordinate of the DM optimizer on ½ a θ², from spec §4.6 and the Keras LSTM formulas, in double. */
  private static double[] referenceDeltas(Map<String, float[]> w, double theta, double a, int steps) {
    double[][] h = new double[2][20];
    double[][] c = new double[2][20];
    double[] out = new double[steps];
    for (int t = 0; t < steps; t++) {
      double[] x = {a * theta};
      for (int l = 0; l < 2; l++) {
        h[l] = ReferenceCells.lstm(x, h[l], c[l], w.get("network/recurrent/" + l + "/kernel"),
            w.get("network/recurrent/" + l + "/recurrent_kernel"), w.get("network/recurrent/" + l + "/bias"));
        x = h[l];
      }
      out[t] = 0.1 * ReferenceCells.dense1(x, w.get("network/delta/kernel"), w.get("network/delta/bias"));
      theta -= out[t];
    }
    return out;
  }

  @Test
  void theMetaGradientThroughTwoStepsMatchesFiniteDifferences() {
    Map<String, float[]> w = weights(11);
    Object[][] probes = {{"network/recurrent/0/kernel", 5}, {"network/recurrent/0/bias", 25},
        {"network/recurrent/1/recurrent_kernel", 17}, {"network/recurrent/1/kernel", 333},
        {"network/delta/kernel", 3}, {"network/delta/bias", 0}};
    try (QuadraticUnroll unroll = new QuadraticUnroll(POLICY, theta0(), SHAPES, curvatures(), 2)) {
      Map<String, float[]> analytic = unroll.run(w).gradients();
      for (Object[] p : probes) {
        String name = (String) p[0];
        int index = (Integer) p[1];
        double numeric = unroll.centralDifference(w, name, index, 1e-2f);
        assertThat((double) analytic.get(name)[index]).as("%s[%d], finite differences %s", name, index, numeric)
            .isCloseTo(numeric, within(2e-6 + 5e-3 * Math.abs(numeric)));
        assertThat(Math.abs(numeric)).as("%s[%d] matters", name, index).isGreaterThan(1e-5);
      }
    }
  }
}
