package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outer Adam (Keras formula, spec §5.4) and the adaptive gradient clipping against hand computations. */
class OuterOptimizationTest {

  @Test
  void outerAdamFollowsTheKerasFormula() {
    OuterAdam adam = OuterAdam.withLearningRate(0.01);
    Map<String, float[]> w = new LinkedHashMap<>(Map.of("w", new float[] {1f, -2f}));
    double[] expected = {1, -2};
    double[] m = new double[2];
    double[] v = new double[2];
    float[][] grads = {{0.5f, -0.1f}, {0.3f, 0.2f}, {-0.4f, 0.05f}};
    for (int t = 1; t <= grads.length; t++) {
      adam.apply(w, Map.of("w", grads[t - 1].clone()));
      double lrT = 0.01 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
      for (int i = 0; i < 2; i++) {
        double g = grads[t - 1][i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        expected[i] -= lrT * m[i] / (Math.sqrt(v[i]) + 1e-7);
        assertThat((double) w.get("w")[i]).as("step %d coordinate %d", t, i).isCloseTo(expected[i], within(1e-6));
      }
    }
    assertThat(adam.iterations()).isEqualTo(3);
  }

  @Test
  void adaptiveClippingRescalesOnlyGradientsAboveTheLimit() {
    AdaptiveGradientClipping agc = AdaptiveGradientClipping.defaults();
    float[] weight = {3f, 4f}; // norm 5: limit 0.5
    float[] big = {3f, 4f}; // norm 5 -> rescaled to norm 0.5
    assertThat(agc.clip(weight, big)).isTrue();
    assertThat(big[0]).isCloseTo(0.3f, within(1e-6f));
    assertThat(big[1]).isCloseTo(0.4f, within(1e-6f));
    float[] small = {0.3f, 0.3f}; // norm 0.42 < 0.5: unchanged
    assertThat(agc.clip(weight, small)).isFalse();
    assertThat(small).containsExactly(0.3f, 0.3f);
    float[] zeroWeight = {0f, 0f}; // floor 1e-3: limit 1e-4
    float[] g = {1f, 0f};
    assertThat(agc.clip(zeroWeight, g)).isTrue();
    assertThat(g[0]).isCloseTo(1e-4f, within(1e-9f));
  }

  @Test
  void lossWeightingFollowsIlMode() {
    java.util.Random rng = new java.util.Random(1);
    assertThat(LossWeighting.parse("sum").weights(0.2, rng)).containsExactly(1f, 0.2f);
    assertThat(LossWeighting.parse("imitation").weights(0.2, rng)).containsExactly(0f, 1f);
    assertThat(LossWeighting.parse("meta").weights(0.2, rng)).containsExactly(1f, 0f);
    int imitationOnly = 0;
    for (int i = 0; i < 10000; i++) {
      float[] w = LossWeighting.SWITCH.weights(0.3, rng);
      assertThat(w[0] + w[1]).isEqualTo(1f);
      imitationOnly += (int) w[1];
    }
    assertThat(imitationOnly / 10000.0).isCloseTo(0.3, within(0.02));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LossWeighting.parse("both"))
        .hasMessageContaining("training/il_mode");
  }
}
