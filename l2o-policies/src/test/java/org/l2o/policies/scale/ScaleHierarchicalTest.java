package org.l2o.policies.scale;

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

/**
 * The Scale hierarchical optimizer against spec §4.6 (and §17 on the Keras GRU): layout and parameter count, several
 * steps over three tensors (tensor and global GRUs, learning-rate momentum) against an independent double
 * implementation, and the meta-gradient against finite differences.
 */
class ScaleHierarchicalTest {
  private static final ScaleHierarchical POLICY = new ScaleHierarchical(ScaleConfig.defaults());
  private static final Shape[] SHAPES = {Shape.of(3), Shape.of(2, 2), Shape.of(1, 2)};
  private static final double LOG_INIT_LR = Math.log(1e-3);

  /** Keras GRU(u) with reset_after=True on {@code in} inputs: 3u (in + u) + 2 * 3u. */
  private static long gru(long in, long u) {
    return 3 * u * (in + u) + 2 * 3 * u;
  }

  /** Keras Dense(1) on {@code in} inputs. */
  private static long dense(long in) {
    return in + 1;
  }

  @Test
  void weightNamesShapesAndCountFollowTheOriginal() {
    Map<String, Shape> expected = new java.util.HashMap<>();
    expected.put("network/param_rnn/kernel", Shape.of(29, 60));
    expected.put("network/param_rnn/recurrent_kernel", Shape.of(20, 60));
    expected.put("network/param_rnn/bias", Shape.of(2, 60));
    expected.put("network/tensor_rnn/kernel", Shape.of(30, 30));
    expected.put("network/tensor_rnn/recurrent_kernel", Shape.of(10, 30));
    expected.put("network/tensor_rnn/bias", Shape.of(2, 30));
    expected.put("network/global_rnn/kernel", Shape.of(10, 30));
    expected.put("network/global_rnn/recurrent_kernel", Shape.of(10, 30));
    expected.put("network/global_rnn/bias", Shape.of(2, 30));
    for (String d : List.of("d_theta", "delta_nu", "beta_g", "beta_lambda")) {
      expected.put("network/" + d + "/kernel", Shape.of(20, 1));
      expected.put("network/" + d + "/bias", Shape.of(1));
    }
    expected.put("network/gradient_shortcut/kernel", Shape.of(4, 1));
    expected.put("network/gradient_shortcut/bias", Shape.of(1));
    expected.put("network/gamma", Shape.scalar());
    List<WeightSpec> specs = POLICY.weightSpecs();
    assertThat(specs).extracting(WeightSpec::name).containsExactlyInAnyOrderElementsOf(expected.keySet());
    specs.forEach(s -> assertThat(s.shape()).as(s.name()).isEqualTo(expected.get(s.name())));
    // param GRU input: m (4), gamma (4), eta_rel (1), h_tensor (10), h_global (10)
    long count = gru(29, 20) + gru(20 + 10, 10) + gru(10, 10) + 4 * dense(20) + dense(4) + 1;
    assertThat(specs.stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(count).isEqualTo(5070);
  }

  @Test
  void initialWeightsAreTheOriginals() {
    Random rng = new Random(3);
    Map<String, float[]> w = new java.util.HashMap<>();
    POLICY.weightSpecs().forEach(s -> w.put(s.name(), s.initializer().sample(s.shape(), rng)));
    assertThat(w.get("network/beta_g/bias")[0]).isCloseTo((float) Math.log(9), within(1e-6f));
    assertThat(w.get("network/beta_lambda/bias")[0]).isCloseTo((float) Math.log(999), within(1e-5f));
    assertThat(w.get("network/gamma")[0]).isEqualTo(3.2f);
    for (String d : List.of("d_theta", "delta_nu", "beta_g", "beta_lambda", "gradient_shortcut")) {
      assertThat(w.get("network/" + d + "/kernel")).as(d).containsOnly(0f);
    }
    assertThat(w.get("network/param_rnn/bias")).containsOnly(0f);
    float[] rec = w.get("network/param_rnn/recurrent_kernel"); // [20, 60]: orthonormal rows
    double dot01 = 0;
    double norm0 = 0;
    for (int j = 0; j < 60; j++) {
      dot01 += rec[j] * rec[60 + j];
      norm0 += rec[j] * rec[j];
    }
    assertThat(dot01).isCloseTo(0, within(1e-5));
    assertThat(norm0).isCloseTo(1, within(1e-5));
  }

  @Test
  void statesArePerCoordinatePerTensorAndGlobalAndNoneIsKeptInWarmup() {
    List<StateSpec> states = POLICY.stateSpecs(Shape.of(2, 3));
    assertThat(states).extracting(StateSpec::name).containsExactly("scaling/0/g_bar", "scaling/0/lambda",
        "scaling/1/g_bar", "scaling/1/lambda", "scaling/2/g_bar", "scaling/2/lambda", "scaling/3/g_bar",
        "scaling/3/lambda", "param", "tensor", "eta_bar_shift", "eta_rel");
    assertThat(states.get(8).shape()).isEqualTo(Shape.of(6, 20));
    assertThat(states.get(9).shape()).isEqualTo(Shape.of(1, 10));
    assertThat(states.get(11).shape()).isEqualTo(Shape.of(6, 1));
    assertThat(POLICY.globalStateSpecs()).extracting(StateSpec::shape).containsExactly(Shape.of(1, 10));
    assertThat(states).noneMatch(StateSpec::keptInWarmup);
    assertThat(POLICY.fusable()).isFalse();
    assertThatThrownBy(() -> POLICY.step(null, null)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("update()");
  }

  @Test
  void configKeysAreTheOriginalsAndOthersAreRefused() {
    Map<String, Object> original = new java.util.HashMap<>(Map.of("param_units", 20, "tensor_units", 10,
        "global_units", 10, "init_lr", List.of(0.001, 0.001), "lr_offset", 0.01, "timescales", 4, "epsilon", 1e-10,
        "momentum_decay_bias_init", 2.1972245773362196, "variance_decay_bias_init", 6.906754778648553,
        "use_gradient_shortcut", true));
    original.put("learning_rate_momentum_init", 3.2);
    original.put("name", "ScaleHierarchicalOptimizer");
    original.put("recurrent_initializer", "orthogonal");
    assertThat(ScaleConfig.fromConfig(original)).isEqualTo(ScaleConfig.defaults());
    assertThatThrownBy(() -> ScaleConfig.fromConfig(Map.of("init_lr", List.of(1e-6, 1e-2))))
        .hasMessageStartingWith("policy/init_lr:").hasMessageContaining("empty range");
    assertThatThrownBy(() -> ScaleConfig.fromConfig(Map.of("reset_after", false)))
        .hasMessageStartingWith("policy/reset_after:");
    assertThatThrownBy(() -> ScaleConfig.fromConfig(Map.of("layers", List.of(20))))
        .hasMessageStartingWith("policy/layers: unknown key");
    assertThatThrownBy(() -> ScaleConfig.fromConfig(Map.of("param_units", 2.5)))
        .hasMessageStartingWith("policy/param_units:");
    assertThat(PolicyRegistry.defaults().student("ScaleHierarchicalOptimizer", Map.of("timescales", 2)))
        .isInstanceOfSatisfying(ScaleHierarchical.class, p -> assertThat(p.config().paramInputs()).isEqualTo(25));
  }

  private static float[][] theta0() {
    return new float[][] {{0.8f, -1.2f, 0.3f}, {1.5f, -0.4f, 0.05f, -2f}, {0.6f, -0.9f}};
  }

  private static float[][] curvatures() {
    return new float[][] {{1f, 2f, 0.5f}, {1.5f, 0.7f, 3f, 1f}, {2.5f, 0.8f}};
  }

  /** Random non-zero weights around the original's initial biases, so every term of the step matters. */
  private static Map<String, float[]> weights(long seed) {
    return QuadraticUnroll.randomWeights(POLICY.weightSpecs(), new Random(seed), 0.5, Map.of(
        "network/beta_g/bias", ScaleConfig.logit(0.9), "network/beta_lambda/bias", ScaleConfig.logit(0.999),
        "network/gamma", 1.0));
  }

  @Test
  void stepsOnThreeTensorsWithTheGlobalStateMatchAnIndependentImplementation() {
    int steps = 4;
    Map<String, float[]> w = weights(5);
    try (QuadraticUnroll unroll = new QuadraticUnroll(POLICY, theta0(), SHAPES, curvatures(), steps, false)) {
      QuadraticUnroll.Run run = unroll.run(w);
      Reference full = new Reference(w, true, true);
      double[][][] expected = full.run(theta0(), curvatures(), steps);
      double[][][] noMomentum = new Reference(w, false, true).run(theta0(), curvatures(), steps);
      double[][][] noGlobal = new Reference(w, true, false).run(theta0(), curvatures(), steps);
      double momentumEffect = 0;
      double globalEffect = 0;
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < SHAPES.length; i++) {
          for (int k = 0; k < expected[t][i].length; k++) {
            double e = expected[t][i][k];
            assertThat((double) run.deltas()[t][i][k]).as("step %d tensor %d coordinate %d", t, i, k)
                .isCloseTo(e, within(1e-7 + 2e-4 * Math.abs(e)));
            assertThat(Math.abs(e)).as("every coordinate moves").isGreaterThan(1e-4);
            momentumEffect = Math.max(momentumEffect, Math.abs(noMomentum[t][i][k] - e) / Math.abs(e));
            globalEffect = Math.max(globalEffect, Math.abs(noGlobal[t][i][k] - e) / Math.abs(e));
          }
        }
      }
      for (int j = 0; j < 10; j++) {
        assertThat((double) run.finalGlobal()[0][j]).as("global state %d", j)
            .isCloseTo(full.global[j], within(2e-6 + 5e-4 * Math.abs(full.global[j])));
      }
      // The comparison can tell a missing learning-rate momentum or global state from the right one.
      assertThat(momentumEffect).isGreaterThan(1e-2);
      assertThat(globalEffect).isGreaterThan(1e-2);
    }
  }

  /**
   * The graph's meta-gradient (float32, TensorFlow's gradients through two steps over three tensors, with the
   * second-order paths through g = a θ) against central differences of the independent double implementation's
   * loss f(θ_2) − f(θ_0): the graph is float32 only, and its own differences drown in rounding (the complements
   * 1 − β^(0.5^s) lose digits), while the double loss is smooth to 1e-12.
   */
  @Test
  void theMetaGradientThroughTwoStepsMatchesFiniteDifferences() {
    int steps = 2;
    Map<String, float[]> w = weights(9);
    Object[][] probes = {{"network/param_rnn/kernel", 7}, {"network/param_rnn/kernel", 10 * 60 + 3},
        {"network/param_rnn/bias", 60 + 45}, {"network/param_rnn/recurrent_kernel", 22},
        {"network/tensor_rnn/kernel", 5 * 30 + 4}, {"network/global_rnn/kernel", 33},
        {"network/global_rnn/bias", 12}, {"network/beta_g/bias", 0}, {"network/beta_lambda/kernel", 4},
        {"network/delta_nu/kernel", 2}, {"network/d_theta/bias", 0}, {"network/gradient_shortcut/kernel", 1},
        {"network/gamma", 0}};
    try (QuadraticUnroll unroll = new QuadraticUnroll(POLICY, theta0(), SHAPES, curvatures(), steps)) {
      QuadraticUnroll.Run run = unroll.run(w);
      assertThat(run.loss()).isCloseTo(referenceLoss(w, steps), within(2e-5 * Math.abs(run.loss())));
      Map<String, float[]> analytic = run.gradients();
      for (Object[] p : probes) {
        String name = (String) p[0];
        int index = (Integer) p[1];
        double numeric = referenceDifference(w, name, index, steps);
        assertThat((double) analytic.get(name)[index]).as("%s[%d], finite differences %s", name, index, numeric)
            .isCloseTo(numeric, within(1e-8 + 2e-3 * Math.abs(numeric)));
        assertThat(Math.abs(numeric)).as("%s[%d] matters", name, index).isGreaterThan(1e-7);
      }
    }
  }

  /** f(θ_K) − f(θ_0) of the double implementation. */
  private static double referenceLoss(Map<String, float[]> w, int steps) {
    float[][] theta0 = theta0();
    float[][] a = curvatures();
    double[][][] deltas = new Reference(w, true, true).run(theta0, a, steps);
    double loss = 0;
    for (int i = 0; i < theta0.length; i++) {
      for (int k = 0; k < theta0[i].length; k++) {
        double theta = theta0[i][k];
        for (double[][] step : deltas) {
          theta -= step[i][k];
        }
        loss += 0.5 * a[i][k] * (theta * theta - (double) theta0[i][k] * theta0[i][k]);
      }
    }
    return loss;
  }

  /** Central difference of {@link #referenceLoss} in weight {@code name}[{@code index}]. */
  private static double referenceDifference(Map<String, float[]> w, String name, int index, int steps) {
    Map<String, float[]> plus = new java.util.HashMap<>(w);
    Map<String, float[]> minus = new java.util.HashMap<>(w);
    float[] vp = w.get(name).clone();
    float[] vm = w.get(name).clone();
    vp[index] += 1e-3f;
    vm[index] -= 1e-3f;
    plus.put(name, vp);
    minus.put(name, vm);
    return (referenceLoss(plus, steps) - referenceLoss(minus, steps)) / ((double) vp[index] - vm[index]);
  }

  /** Spec §4.6 over all tensors in plain double Java; the flags switch terms off to show the test sees them. */
  private static final class Reference {
    private final Map<String, float[]> w;
    private final boolean momentum;
    private final boolean useGlobal;
    double[] global = new double[10];

    Reference(Map<String, float[]> w, boolean momentum, boolean useGlobal) {
      this.w = w;
      this.momentum = momentum;
      this.useGlobal = useGlobal;
    }

    private float[] w(String name) {
      return w.get("network/" + name);
    }

    /** Deltas [step][tensor][coordinate] on ½ a θ². */
    double[][][] run(float[][] theta0, float[][] a, int steps) {
      int tensors = theta0.length;
      double[][] theta = new double[tensors][];
      double[][][] gBar = new double[tensors][][];
      double[][][] lambda = new double[tensors][][];
      double[][][] hp = new double[tensors][][];
      double[][] ht = new double[tensors][10];
      double[][] etaBar = new double[tensors][];
      double[][] etaRel = new double[tensors][];
      for (int i = 0; i < tensors; i++) {
        int n = theta0[i].length;
        theta[i] = new double[n];
        for (int k = 0; k < n; k++) {
          theta[i][k] = theta0[i][k];
        }
        gBar[i] = new double[4][n];
        lambda[i] = new double[4][n];
        hp[i] = new double[n][20];
        etaBar[i] = new double[n];
        java.util.Arrays.fill(etaBar[i], LOG_INIT_LR);
        etaRel[i] = new double[n];
      }
      double sg = momentum ? ReferenceCells.sigmoid(w("gamma")[0]) : 0;
      double[][][] out = new double[steps][tensors][];
      for (int t = 0; t < steps; t++) {
        double[] hg = useGlobal ? global : new double[10];
        double[] tensorMean = new double[10];
        for (int i = 0; i < tensors; i++) {
          int n = theta[i].length;
          double[][] m = new double[n][4];
          double[][] hpNext = new double[n][];
          double[] hpMean = new double[20];
          for (int k = 0; k < n; k++) {
            double g = a[i][k] * theta[i][k];
            double bg = ReferenceCells.sigmoid(ReferenceCells.dense1(hp[i][k], w("beta_g/kernel"), w("beta_g/bias")));
            double bl = ReferenceCells.sigmoid(
                ReferenceCells.dense1(hp[i][k], w("beta_lambda/kernel"), w("beta_lambda/bias")));
            double[] logLambda = new double[4];
            double meanLog = 0;
            for (int s = 0; s < 4; s++) {
              double b1 = Math.pow(bg, Math.pow(0.5, s));
              double b2 = Math.pow(bl, Math.pow(0.5, s));
              gBar[i][s][k] = b1 * gBar[i][s][k] + (1 - b1) * g;
              lambda[i][s][k] = b2 * lambda[i][s][k] + (1 - b2) * g * g;
              m[k][s] = gBar[i][s][k] / Math.sqrt(lambda[i][s][k] + 1e-10);
              logLambda[s] = Math.log(lambda[i][s][k] + 1e-10);
              meanLog += logLambda[s] / 4;
            }
            double[] x = new double[29];
            for (int s = 0; s < 4; s++) {
              x[s] = m[k][s];
              x[4 + s] = logLambda[s] - meanLog;
            }
            x[8] = etaRel[i][k];
            System.arraycopy(ht[i], 0, x, 9, 10);
            System.arraycopy(hg, 0, x, 19, 10);
            hpNext[k] = ReferenceCells.gru(x, hp[i][k], w("param_rnn/kernel"), w("param_rnn/recurrent_kernel"),
                w("param_rnn/bias"));
            for (int u = 0; u < 20; u++) {
              hpMean[u] += hpNext[k][u] / n;
            }
          }
          double[] tensorIn = new double[30];
          System.arraycopy(hpMean, 0, tensorIn, 0, 20);
          System.arraycopy(hg, 0, tensorIn, 20, 10);
          ht[i] = ReferenceCells.gru(tensorIn, ht[i], w("tensor_rnn/kernel"), w("tensor_rnn/recurrent_kernel"),
              w("tensor_rnn/bias"));
          for (int u = 0; u < 10; u++) {
            tensorMean[u] += ht[i][u] / tensors;
          }
          double[] eta = new double[n];
          double meanEta = 0;
          out[t][i] = new double[n];
          for (int k = 0; k < n; k++) {
            eta[k] = ReferenceCells.dense1(hpNext[k], w("delta_nu/kernel"), w("delta_nu/bias")) + etaBar[i][k];
            meanEta += eta[k] / n;
            etaBar[i][k] = sg * etaBar[i][k] + (1 - sg) * eta[k];
            double direction = ReferenceCells.dense1(hpNext[k], w("d_theta/kernel"), w("d_theta/bias"))
                + ReferenceCells.dense1(m[k], w("gradient_shortcut/kernel"), w("gradient_shortcut/bias"));
            out[t][i][k] = (Math.exp(eta[k]) + 0.01) * direction;
            theta[i][k] -= out[t][i][k];
          }
          for (int k = 0; k < n; k++) {
            etaRel[i][k] = eta[k] - meanEta;
          }
          hp[i] = hpNext;
        }
        global = ReferenceCells.gru(tensorMean, global, w("global_rnn/kernel"), w("global_rnn/recurrent_kernel"),
            w("global_rnn/bias"));
      }
      return out;
    }
  }
}
