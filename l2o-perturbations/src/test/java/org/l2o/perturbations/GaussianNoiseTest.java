package org.l2o.perturbations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.Weights;
import org.l2o.core.random.RandomKeys;
import org.l2o.core.train.HostTensor;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The noise of {@link GaussianNoise} from the real TensorFlow graph, checked in plain Java: its mean and standard
 * deviation (absolute, and relative = sigma * RMS of eq. 5) within sampling bounds, no correlation between weight
 * tensors, optimizee tensors, uses and steps, none at deployment, and the meta-gradient through sigma(w).
 */
class GaussianNoiseTest {
  private static final int ROWS = 50;
  private static final int COLS = 80;
  private static final int N = ROWS * COLS; // 4,000 draws per tensor: the standard error of a mean is 1/63
  private static final float[] A = randomWeights(N, 3);
  private static final float[] B = constant(N, 0.5f);

  private static float[] randomWeights(int n, long seed) {
    Random r = new Random(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (0.3 * r.nextGaussian() + 0.1);
    }
    return w;
  }

  private static float[] constant(int n, float v) {
    float[] w = new float[n];
    Arrays.fill(w, v);
    return w;
  }

  private static double rms(float[] w, double eps) {
    double s = 0;
    for (float v : w) {
      s += (double) v * v + eps;
    }
    return Math.sqrt(s / w.length);
  }

  /** (noisy - w) / sigma_w: should be i.i.d. standard normal. */
  private static double[] standardised(float[] noisy, float[] w, double sigmaW) {
    double[] z = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      z[i] = (noisy[i] - w[i]) / sigmaW;
    }
    return z;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double std(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (x.length - 1));
  }

  private static double correlation(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static Map<String, Operand<TFloat32>> constants(Ops tf) {
    Map<String, Operand<TFloat32>> w = new LinkedHashMap<>();
    w.put("layer/kernel", tf.constant(Shape.of(ROWS, COLS), DataBuffers.of(A, true, false)));
    w.put("layer/bias", tf.constant(Shape.of(N), DataBuffers.of(B, true, false)));
    return w;
  }

  private static List<float[]> run(Graph g, List<Operand<TFloat32>> fetches) {
    try (Session s = new Session(g)) {
      Session.Runner runner = s.runner();
      fetches.forEach(runner::fetch);
      try (Result r = runner.run()) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < fetches.size(); i++) {
          out.add(HostTensor.copyOf(r.get(i)).floats());
        }
        return out;
      }
    }
  }

  private static StepContext training(Ops tf, long seed) {
    return new StepContext(true, null, RandomKeys.constant(tf, seed));
  }

  @Test
  void absoluteNoiseIsFreshStandardNormalTimesSigmaAtEveryUse() {
    double sigma = 0.01;
    GaussianNoise noise = new GaussianNoise(sigma, false, 1e-8, false);
    assertThat(noise.drawsPerUse()).isTrue();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Operand<TFloat32>> w = constants(tf);
      Weights step0 = noise.apply(tf, w, training(tf, 42));
      Weights step1 = noise.apply(tf, w, training(tf, 43));
      List<Operand<TFloat32>> f = List.of(
          step0.forTensor(0).get(tf, "layer/kernel"), // 0: tensor 0, W
          step0.forTensor(0).get(tf, "layer/bias"),   // 1: tensor 0, b
          step0.forTensor(1).get(tf, "layer/kernel"), // 2: tensor 1, W
          step1.forTensor(0).get(tf, "layer/kernel"), // 3: next step, tensor 0, W
          step0.forTensor(0).get(tf, "layer/kernel")); // 4: tensor 0, W, second use
      List<float[]> out = run(g, f);
      List<double[]> z = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        z.add(standardised(out.get(i), i == 1 ? B : A, sigma));
      }
      double bound = 4 / Math.sqrt(N);
      for (double[] zi : z) {
        assertThat(mean(zi)).isCloseTo(0, within(bound));
        assertThat(std(zi)).isCloseTo(1, within(4 / Math.sqrt(2.0 * N)));
      }
      for (int i = 0; i < z.size(); i++) {
        for (int j = i + 1; j < z.size(); j++) {
          assertThat(Math.abs(correlation(z.get(i), z.get(j)))).as("draws %d and %d", i, j).isLessThan(bound);
        }
      }
    }
  }

  @Test
  void relativeNoiseHasSigmaTimesTheTensorsRms() {
    double sigma = 0.05;
    GaussianNoise noise = new GaussianNoise(sigma, true, 1e-8, false);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Weights weights = noise.apply(tf, constants(tf), training(tf, 7)).forTensor(3);
      List<float[]> out = run(g, List.of(weights.get(tf, "layer/kernel"), weights.get(tf, "layer/bias")));
      // RMS of A is about 0.32 and of B 0.5: the two sigma_w differ by 1.6x, far beyond the sampling error (2%).
      for (int i = 0; i < 2; i++) {
        float[] w = i == 0 ? A : B;
        double[] delta = standardised(out.get(i), w, 1.0);
        assertThat(mean(delta) / (sigma * rms(w, 1e-8))).isCloseTo(0, within(4 / Math.sqrt(N)));
        assertThat(std(delta) / (sigma * rms(w, 1e-8))).isCloseTo(1, within(4 / Math.sqrt(2.0 * N)));
      }
    }
  }

  @Test
  void deploymentAndZeroSigmaReadTheWeightsUnchanged() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Operand<TFloat32>> w = constants(tf);
      Weights deployed = new GaussianNoise(0.1, true, 1e-8, false).apply(tf, w, StepContext.inference());
      Weights zero = new GaussianNoise(0, false, 1e-8, false).apply(tf, w, training(tf, 1));
      List<float[]> out = run(g, List.of(deployed.forTensor(0).get(tf, "layer/kernel"), zero.get(tf, "layer/bias")));
      assertThat(out.get(0)).containsExactly(A);
      assertThat(out.get(1)).containsExactly(B);
    }
  }

  @Test
  void theSameKeyReproducesTheDraws() {
    GaussianNoise noise = new GaussianNoise(0.01, false, 1e-8, false);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Operand<TFloat32>> w = constants(tf);
      List<float[]> out = run(g, List.of(noise.apply(tf, w, training(tf, 9)).forTensor(2).get(tf, "layer/kernel"),
          noise.apply(tf, w, training(tf, 9)).forTensor(2).get(tf, "layer/kernel")));
      assertThat(out.get(0)).containsExactly(out.get(1));
    }
  }

  /**
   * d/dw_i of sum(w + sigma * rms(w) * z) = 1 + sigma * sum(z) * w_i / (n * rms(w)) as in the original (sigma_w not
   * stop-gradiented), and exactly 1 with {@code stop_sigma_gradient}.
   */
  @Test
  void theMetaGradientFlowsThroughRelativeSigmaUnlessStopped() {
    double sigma = 0.2; // large, so that the sigma term is well above float32 rounding
    for (boolean stop : new boolean[] {false, true}) {
      GaussianNoise noise = new GaussianNoise(sigma, true, 1e-8, stop);
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Operand<TFloat32> kernel = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(ROWS, COLS)));
        Operand<TFloat32> noisy = noise.apply(tf, Map.of("k", kernel), training(tf, 5)).forTensor(0).get(tf, "k");
        Operand<TFloat32> sum = tf.reduceSum(noisy, tf.constant(new int[] {0, 1}));
        Output<?>[] grad = g.addGradients(sum.asOutput(), new Output<?>[] {kernel.asOutput()});
        try (Session s = new Session(g);
            Tensor fed = TFloat32.tensorOf(Shape.of(ROWS, COLS), DataBuffers.of(A, true, false));
            Result r = s.runner().feed(kernel, fed).fetch(noisy).fetch(grad[0]).run()) {
          float[] value = HostTensor.copyOf(r.get(0)).floats();
          float[] gradient = HostTensor.copyOf(r.get(1)).floats();
          double rms = rms(A, 1e-8);
          double zSum = 0;
          for (double z : standardised(value, A, sigma * rms)) {
            zSum += z;
          }
          for (int i = 0; i < N; i += 97) {
            double expected = stop ? 1 : 1 + sigma * zSum * A[i] / (N * rms);
            assertThat((double) gradient[i]).as("stop=%s, i=%d", stop, i).isCloseTo(expected, within(1e-4));
          }
          if (!stop) {
            // the term is not negligible here, so the test tells the two modes apart
            assertThat(Math.abs(sigma * zSum * 0.3 / (N * rms))).isGreaterThan(1e-3);
          }
        }
      }
    }
  }
}
