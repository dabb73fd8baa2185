package org.l2o.policies.rnnprop;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.ConstantWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** RNNProp against the spec (§4.2, §4.3) and the original's released weights. */
class RnnPropTest {
  private static final RnnProp POLICY = new RnnProp(RnnPropConfig.defaults());

  @Test
  void weightNamesAndShapesMatchTheOriginal() {
    Map<String, Shape> expected = Map.of(
        "network/recurrent/0/kernel", Shape.of(2, 80),
        "network/recurrent/0/recurrent_kernel", Shape.of(20, 80),
        "network/recurrent/0/bias", Shape.of(80),
        "network/recurrent/1/kernel", Shape.of(20, 80),
        "network/recurrent/1/recurrent_kernel", Shape.of(20, 80),
        "network/recurrent/1/bias", Shape.of(80),
        "network/delta/kernel", Shape.of(20, 1),
        "network/delta/bias", Shape.of(1));
    List<WeightSpec> specs = POLICY.weightSpecs();
    assertThat(specs).hasSize(8);
    for (WeightSpec s : specs) {
      assertThat(s.shape()).as(s.name()).isEqualTo(expected.get(s.name()));
    }
    assertThat(specs.stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(5141);
  }

  @Test
  void freshLstmBiasesHaveUnitForgetGates() {
    WeightSpec bias = POLICY.weightSpecs().stream().filter(s -> s.name().equals(RnnProp.bias(0))).findFirst().orElseThrow();
    float[] b = bias.initializer().sample(bias.shape(), new Random(1));
    for (int j = 0; j < 80; j++) {
      assertThat(b[j]).as("bias %d", j).isEqualTo(j >= 20 && j < 40 ? 1f : 0f);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mean", "min-max", "choice-small", "choice-large"})
  void releasedWeightsLoadByNameWithForgetGateBiasesNearOne(String method) throws Exception {
    Map<String, float[]> w = PolicyCheckpoint.readWeights(ReleasedCheckpoints.prefix(method, 1), POLICY.weightSpecs());
    for (int layer = 0; layer < 2; layer++) {
      float[] b = w.get(RnnProp.bias(layer));
      double[] blockMean = new double[4];
      for (int j = 0; j < 80; j++) {
        blockMean[j / 20] += b[j] / 20.0;
      }
      assertThat(blockMean[1]).as("%s layer %d forget-gate bias mean", method, layer).isBetween(0.6, 1.4);
      for (int gate : new int[] {0, 2, 3}) {
        assertThat(Math.abs(blockMean[gate])).as("%s layer %d gate %d bias mean", method, layer, gate).isLessThan(0.4);
      }
    }
  }

  @Test
  void stepsMatchAnIndependentImplementationWithTheReleasedWeights() throws Exception {
    Path prefix = ReleasedCheckpoints.prefix("choice-large", 1);
    Map<String, float[]> w = PolicyCheckpoint.readWeights(prefix, POLICY.weightSpecs());
    float[][] grads = {
        {0.3f, -1e-3f, 2.5f, 0f, -0.7f},
        {0.25f, 2e-3f, -2.0f, 1e-6f, -0.6f},
        {-0.1f, 1e-3f, 1.5f, 0f, -0.5f},
        {0.05f, -5e-3f, 0.1f, 1e-5f, 0.4f},
        {0.2f, 0f, -0.3f, 0f, 0.3f},
        {0.3f, 1e-4f, 0.05f, -1e-6f, 0.2f}};
    int n = grads[0].length;
    float[][] actual = runGraph(w, grads);
    ReferenceRnnProp reference = new ReferenceRnnProp(w, n);
    for (int t = 0; t < grads.length; t++) {
      double[] expected = reference.step(grads[t]);
      for (int i = 0; i < n; i++) {
        assertThat((double) actual[t][i]).as("step %d coordinate %d", t, i).isCloseTo(expected[i], within(2e-5));
        assertThat(Math.abs(actual[t][i])).isLessThanOrEqualTo(0.1f);
      }
    }
  }

  /** Runs the policy graph step by step, feeding states back, and returns the deltas. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static float[][] runGraph(Map<String, float[]> weights, float[][] grads) {
    int n = grads[0].length;
    Shape shape = Shape.of(n);
    List<StateSpec> specs = POLICY.stateSpecs(shape);
    float[][] out = new float[grads.length][];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> param = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> grad = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      List<Placeholder<TFloat32>> state = new ArrayList<>();
      for (StateSpec s : specs) {
        state.add(tf.placeholder(TFloat32.class, Placeholder.shape(s.shape())));
      }
      UpdateRule.Step step = POLICY.step(tf, new UpdateRule.StepInput(param, grad, (List) state,
          new ConstantWeights(POLICY.weightSpecs(), weights), false));
      List<float[]> values = new ArrayList<>();
      for (StateSpec s : specs) {
        values.add(new float[(int) s.shape().size()]);
      }
      try (Session session = new Session(g)) {
        for (int t = 0; t < grads.length; t++) {
          List<TFloat32> fed = new ArrayList<>();
          try {
            Session.Runner r = session.runner();
            TFloat32 p = TFloat32.tensorOf(shape, DataBuffers.of(new float[n], true, false));
            TFloat32 gr = TFloat32.tensorOf(shape, DataBuffers.of(grads[t], true, false));
            fed.add(p);
            fed.add(gr);
            r.feed(param, p).feed(grad, gr);
            for (int j = 0; j < specs.size(); j++) {
              TFloat32 v = TFloat32.tensorOf(specs.get(j).shape(), DataBuffers.of(values.get(j), true, false));
              fed.add(v);
              r.feed(state.get(j), v);
            }
            r.fetch(step.delta());
            step.state().forEach(s -> r.fetch((Operand) s));
            try (Result res = r.run()) {
              out[t] = new float[n];
              ((TFloat32) res.get(0)).asRawTensor().data().asFloats().read(out[t]);
              for (int j = 0; j < specs.size(); j++) {
                float[] v = new float[(int) specs.get(j).shape().size()];
                ((TFloat32) res.get(j + 1)).asRawTensor().data().asFloats().read(v);
                values.set(j, v);
              }
            }
          } finally {
            fed.forEach(TFloat32::close);
          }
        }
      }
    }
    return out;
  }

  /** RNNProp written out in plain double-precision Java from spec §4.2-4.3, independent of the graph code. */
  private static final class ReferenceRnnProp {
    private final Map<String, float[]> w;
    private final int n;
    private final double[] m;
    private final double[] v;
    private final double[][][] h = new double[2][][];
    private final double[][][] c = new double[2][][];

    ReferenceRnnProp(Map<String, float[]> w, int n) {
      this.w = w;
      this.n = n;
      this.m = new double[n];
      this.v = new double[n];
      for (int l = 0; l < 2; l++) {
        h[l] = new double[n][20];
        c[l] = new double[n][20];
      }
    }

    double[] step(float[] g) {
      double[] delta = new double[n];
      for (int i = 0; i < n; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * (double) g[i] * g[i];
        double denom = Math.sqrt(v[i] / 0.001 + 1e-10);
        double[] x = {m[i] / 0.1 / denom, g[i] / denom};
        for (int l = 0; l < 2; l++) {
          x = lstm(l, x, i);
        }
        double out = w.get("network/delta/bias")[0];
        for (int k = 0; k < 20; k++) {
          out += x[k] * w.get("network/delta/kernel")[k];
        }
        delta[i] = 0.1 * Math.tanh(out);
      }
      return delta;
    }

    private double[] lstm(int l, double[] x, int i) {
      float[] kernel = w.get("network/recurrent/" + l + "/kernel");
      float[] rec = w.get("network/recurrent/" + l + "/recurrent_kernel");
      float[] bias = w.get("network/recurrent/" + l + "/bias");
      double[] z = new double[80];
      for (int j = 0; j < 80; j++) {
        double s = bias[j];
        for (int k = 0; k < x.length; k++) {
          s += x[k] * kernel[k * 80 + j];
        }
        for (int k = 0; k < 20; k++) {
          s += h[l][i][k] * rec[k * 80 + j];
        }
        z[j] = s;
      }
      double[] hNext = new double[20];
      for (int u = 0; u < 20; u++) {
        double ig = sigmoid(z[u]);
        double fg = sigmoid(z[20 + u]);
        double cand = Math.tanh(z[40 + u]);
        double og = sigmoid(z[60 + u]);
        c[l][i][u] = fg * c[l][i][u] + ig * cand;
        hNext[u] = og * Math.tanh(c[l][i][u]);
      }
      h[l][i] = hNext;
      return hNext;
    }

    private static double sigmoid(double z) {
      return 1 / (1 + Math.exp(-z));
    }
  }
}
