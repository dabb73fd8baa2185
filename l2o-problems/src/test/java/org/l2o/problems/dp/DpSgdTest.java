package org.l2o.problems.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.random.RandomKeys;
import org.l2o.problems.nn.Activation;
import org.l2o.problems.nn.Conv2DLayer;
import org.l2o.problems.nn.DenseLayer;
import org.l2o.problems.nn.MaxPoolLayer;
import org.l2o.problems.nn.StatelessNetwork;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * DP-SGD of the original's evaluation (spec §9.2): the per-example gradients of the batched trick against one
 * ordinary backward pass per example and against central differences (float64), and the aggregation (clip each
 * example's global norm to C, sum, add N(0, (C sigma)^2) noise, divide by B) against a plain-Java computation.
 */
class DpSgdTest {
  private static final int B = 4;
  /** conv_train in small: VALID convolutions (one strided), a max pool and a logits head. */
  private static final StatelessNetwork NET = new StatelessNetwork(Shape.of(9, 9, 1), List.of(
      new Conv2DLayer(3, 3, 1, Activation.RELU), new MaxPoolLayer(2), new Conv2DLayer(2, 2, 2, Activation.TANH),
      new DenseLayer(4, Activation.LINEAR)));

  @Test
  void perExampleGradientsEqualOneBackwardPassPerExampleAndFiniteDifferences() {
    Random random = new Random(7);
    List<double[]> values = new ArrayList<>();
    for (ParamSpec p : NET.params()) {
      double[] v = new double[(int) p.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = 0.4 * random.nextGaussian();
      }
      values.add(v);
    }
    double[] images = new double[B * 81];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextDouble();
    }
    int[] labels = {0, 3, 1, 3};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat64>> params = new ArrayList<>();
      for (int t = 0; t < values.size(); t++) {
        params.add(tf.constant(NET.params().get(t).shape(), DataBuffers.of(values.get(t), true, false)));
      }
      Operand<TFloat64> x = tf.constant(Shape.of(B, 9, 9, 1), DataBuffers.of(images, true, false));
      Operand<TInt32> y = tf.constant(labels);
      PerExampleGradients.Result<TFloat64> pe = PerExampleGradients.of(tf, NET, params, x, y);
      List<Operand<TFloat64>> fetched = new ArrayList<>(pe.gradients());
      fetched.add(pe.losses());
      double[][] batched = fetch(s, fetched);
      double[] losses = batched[batched.length - 1];

      for (int i = 0; i < B; i++) {
        // Example i alone through the ordinary forward pass and TensorFlow's own gradient.
        Operand<TFloat64> xi = tf.slice(x, tf.constant(new int[] {i, 0, 0, 0}), tf.constant(new int[] {1, 9, 9, 1}));
        Operand<TFloat64> logits = NET.apply(tf, params, xi);
        Operand<TFloat64> loss = crossEntropy(tf, logits, labels[i]);
        Output<?>[] grads = g.addGradients(loss.asOutput(), params.stream().map(Operand::asOutput)
            .toArray(Output<?>[]::new));
        List<Operand<TFloat64>> single = new ArrayList<>();
        for (Output<?> o : grads) {
          @SuppressWarnings("unchecked")
          Operand<TFloat64> cast = (Operand<TFloat64>) o;
          single.add(cast);
        }
        single.add(loss);
        double[][] reference = fetch(s, single);
        assertThat(losses[i]).as("loss of example %d", i).isCloseTo(reference[values.size()][0], within(1e-12));
        for (int t = 0; t < values.size(); t++) {
          int n = values.get(t).length;
          for (int k = 0; k < n; k++) {
            assertThat(batched[t][i * n + k]).as("example %d tensor %d entry %d", i, t, k)
                .isCloseTo(reference[t][k], within(1e-10));
          }
        }
      }

      // Central differences of example 2's loss for a few entries of every tensor.
      int example = 2;
      for (int t = 0; t < values.size(); t++) {
        int n = values.get(t).length;
        for (int k = 0; k < n; k += Math.max(1, n / 3)) {
          double h = 1e-6;
          double up = lossWith(tf, s, values, t, k, h, images, labels, example);
          double down = lossWith(tf, s, values, t, k, -h, images, labels, example);
          assertThat(batched[t][example * n + k]).as("tensor %d entry %d against central differences", t, k)
              .isCloseTo((up - down) / (2 * h), within(1e-6));
        }
      }
    }
  }

  @Test
  void aggregationClipsEachExampleSumsAddsScaledNoiseAndDividesByTheBatch() {
    // Three examples, two tensors; the global norms are 0.5 (kept), 2.0 and 4.0 (scaled to C = 1).
    float[][] first = {{0.3f, 0.4f}, {1.2f, 0f}, {0f, 0f}};
    int big = 20_000;
    float[][] second = new float[3][big];
    second[1][0] = 1.6f; // with 1.2 above: norm 2.0
    second[2][5] = 4.0f; // norm 4.0
    double[][] expected = new double[2][];
    expected[0] = new double[2];
    expected[1] = new double[big];
    double[] norms = {0.5, 2.0, 4.0};
    for (int i = 0; i < 3; i++) {
      double scale = Math.min(1.0, 1.0 / norms[i]);
      for (int k = 0; k < 2; k++) {
        expected[0][k] += scale * first[i][k] / 3;
      }
      for (int k = 0; k < big; k++) {
        expected[1][k] += scale * second[i][k] / 3;
      }
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat32>> perExample = List.of(tf.constant(first), tf.constant(second));
      Operand<TInt64> key = RandomKeys.constant(tf, 5);
      double[][] clean = fetch32(s, new DpSgd(1.0, 0.0).aggregate(tf, perExample, key));
      for (int t = 0; t < 2; t++) {
        for (int k = 0; k < expected[t].length; k++) {
          assertThat(clean[t][k]).as("tensor %d entry %d without noise", t, k).isCloseTo(expected[t][k], within(1e-6));
        }
      }
      assertThat(fetch32(s, List.of(DpSgd.norms(tf, perExample)))[0]).containsExactly(new double[] {0.5, 2.0, 4.0},
          within(1e-6));

      double[][] noised = fetch32(s, DpSgd.original().aggregate(tf, perExample, key));
      double[][] again = fetch32(s, DpSgd.original().aggregate(tf, perExample, key));
      double[][] otherKey = fetch32(s, DpSgd.original().aggregate(tf, perExample, RandomKeys.constant(tf, 6)));
      assertThat(again[1]).as("the same key gives the same noise").containsExactly(noised[1]);
      assertThat(otherKey[1][0]).as("another key gives other noise").isNotEqualTo(noised[1][0]);
      // noise = (noised - clean) * B is N(0, (1.0 * 1.1)^2) per entry: mean and std of 20,000 draws.
      double sum = 0;
      double sumSq = 0;
      for (int k = 0; k < big; k++) {
        double n = (noised[1][k] - clean[1][k]) * 3;
        sum += n;
        sumSq += n * n;
      }
      double mean = sum / big;
      double std = Math.sqrt(sumSq / big - mean * mean);
      assertThat(mean).isCloseTo(0.0, within(4 * 1.1 / Math.sqrt(big)));
      assertThat(std).isCloseTo(1.1, within(0.03));
    }
    assertThatThrownBy(() -> new DpSgd(0.0, 1.1)).hasMessageContaining("clip norm > 0");
  }

  /** Sparse softmax cross-entropy of one example's logits [1, classes], in double. */
  private static Operand<TFloat64> crossEntropy(Ops tf, Operand<TFloat64> logits, int label) {
    Operand<TFloat64> logSoftmax = tf.nn.logSoftmax(logits);
    Operand<TFloat64> picked = tf.slice(logSoftmax, tf.constant(new int[] {0, label}), tf.constant(new int[] {1, 1}));
    return tf.math.neg(tf.reshape(picked, tf.constant(new int[0])));
  }

  /** Example {@code example}'s loss with entry k of tensor t moved by h (a fresh forward pass, float64). */
  private static double lossWith(Ops tf, Session s, List<double[]> values, int t, int k, double h, double[] images,
      int[] labels, int example) {
    List<Operand<TFloat64>> params = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      double[] v = values.get(i).clone();
      if (i == t) {
        v[k] += h;
      }
      params.add(tf.constant(NET.params().get(i).shape(), DataBuffers.of(v, true, false)));
    }
    double[] one = java.util.Arrays.copyOfRange(images, example * 81, (example + 1) * 81);
    Operand<TFloat64> x = tf.constant(Shape.of(1, 9, 9, 1), DataBuffers.of(one, true, false));
    return fetch(s, List.of(crossEntropy(tf, NET.apply(tf, params, x), labels[example])))[0][0];
  }

  private static double[][] fetch(Session s, List<Operand<TFloat64>> operands) {
    Session.Runner runner = s.runner();
    operands.forEach(runner::fetch);
    try (Result r = runner.run()) {
      double[][] out = new double[operands.size()][];
      for (int i = 0; i < out.length; i++) {
        TFloat64 v = (TFloat64) r.get(i);
        out[i] = new double[(int) v.size()];
        v.asRawTensor().data().asDoubles().read(out[i]);
      }
      return out;
    }
  }

  private static double[][] fetch32(Session s, List<Operand<TFloat32>> operands) {
    Session.Runner runner = s.runner();
    operands.forEach(runner::fetch);
    try (Result r = runner.run()) {
      double[][] out = new double[operands.size()][];
      for (int i = 0; i < out.length; i++) {
        TFloat32 v = (TFloat32) r.get(i);
        float[] f = new float[(int) v.size()];
        v.asRawTensor().data().asFloats().read(f);
        out[i] = new double[f.length];
        for (int k = 0; k < f.length; k++) {
          out[i][k] = f[k];
        }
      }
      return out;
    }
  }
}
