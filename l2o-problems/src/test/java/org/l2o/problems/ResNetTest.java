package org.l2o.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.tf.Losses;
import org.l2o.problems.nn.ResNet;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The ResNet of spec §9.3: parameter counts against Keras' formulas, the float64 graph against an independent
 * plain-Java forward pass (training: batch statistics and the moving-average update; inference: the moving
 * statistics), and its gradient against central finite differences.
 */
class ResNetTest {

  private static final DatasetLoader NO_DATA = (dataset, split) -> {
    throw new AssertionError("no data expected");
  };

  /** Keras' trainable count: convs with bias, BN gamma and beta, Dense; and BN's two moving statistics. */
  private static long[] kerasCount(int depth, int width, int inChannels, int classes) {
    int n = (depth - 4) / 6;
    long trainable = 3 * 3 * inChannels * 16 + 16 + 2 * 16;
    long state = 2 * 16;
    long c = 16;
    for (int stage = 0; stage < 3; stage++) {
      long w = 16L * width << stage;
      for (int b = 0; b < n; b++) {
        if (c != w) {
          trainable += c * w + w;
        }
        trainable += 9 * c * w + w + 2 * w + 9 * w * w + w + 2 * w;
        state += 4 * w;
        c = w;
      }
    }
    trainable += c * classes + classes;
    return new long[] {trainable, state};
  }

  @Test
  void parameterCountsMatchKerasFormulas() {
    for (Object[] row : new Object[][] {{"resnet", 28, 1, "cifar10", 10}, {"resnet_52", 52, 1, "cifar10", 10},
        {"wide_resnet", 28, 4, "cifar10", 10}, {"resnet_52_100", 52, 1, "cifar100", 100},
        {"resnet_100_100", 100, 1, "cifar100", 100}}) {
      ResNetClassifier p = (ResNetClassifier) ProblemRegistry.create((String) row[0], NO_DATA);
      long[] expected = kerasCount((Integer) row[1], (Integer) row[2], 3, (Integer) row[4]);
      assertThat(p.parameterCount()).as((String) row[0]).isEqualTo(expected[0]);
      assertThat(p.modelStateSpecs().stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(expected[1]);
      assertThat(p.dataset().name()).isEqualTo(row[3]);
      assertThat(p.dataset().numClasses()).isEqualTo(row[4]);
      assertThat(p.resnet().blocksPerStage()).isEqualTo(((Integer) row[1] - 4) / 6);
      assertThat(p.batchSize()).isEqualTo(128);
      assertThat(p.epochs()).isEqualTo(25);
    }
    // depth 28, width 1: 4 blocks per stage; two projection shortcuts
    assertThat(ProblemRegistry.create("resnet", NO_DATA).parameterCount()).isEqualTo(370_506L);
    // CIFAR-100: 8 and 16 blocks per stage; the head is Dense(64 -> 100)
    assertThat(ProblemRegistry.create("resnet_52_100", NO_DATA).parameterCount()).isEqualTo(766_116L);
    assertThat(ProblemRegistry.create("resnet_100_100", NO_DATA).parameterCount()).isEqualTo(1_545_636L);
  }

  // ---- plain-Java reference (double, NHWC, row-major) ----

  /** A tensor [b, h, w, c]. */
  record T4(int b, int h, int w, int c, double[] v) {
    double at(int i, int y, int x, int k) {
      return v[((i * h + y) * w + x) * c + k];
    }
  }

  static T4 conv(T4 x, double[] kernel, double[] bias, int k, int out) {
    int pad = (k - 1) / 2;
    double[] o = new double[x.b() * x.h() * x.w() * out];
    for (int i = 0; i < x.b(); i++) {
      for (int y = 0; y < x.h(); y++) {
        for (int xx = 0; xx < x.w(); xx++) {
          for (int f = 0; f < out; f++) {
            double s = bias[f];
            for (int dy = 0; dy < k; dy++) {
              for (int dx = 0; dx < k; dx++) {
                int sy = y + dy - pad;
                int sx = xx + dx - pad;
                if (sy < 0 || sx < 0 || sy >= x.h() || sx >= x.w()) {
                  continue;
                }
                for (int ci = 0; ci < x.c(); ci++) {
                  s += x.at(i, sy, sx, ci) * kernel[((dy * k + dx) * x.c() + ci) * out + f];
                }
              }
            }
            o[((i * x.h() + y) * x.w() + xx) * out + f] = s;
          }
        }
      }
    }
    return new T4(x.b(), x.h(), x.w(), out, o);
  }

  /** Batch norm; in training writes the next moving mean and variance-minus-1 into {@code next}. */
  static T4 bn(T4 x, double[] gamma, double[] beta, double[] mean, double[] varLess1, boolean training,
      List<double[]> next) {
    int c = x.c();
    int n = x.b() * x.h() * x.w();
    double[] mu = new double[c];
    double[] var = new double[c];
    if (training) {
      for (int j = 0; j < x.v().length; j++) {
        mu[j % c] += x.v()[j] / n;
      }
      for (int j = 0; j < x.v().length; j++) {
        var[j % c] += Math.pow(x.v()[j] - mu[j % c], 2) / n;
      }
      double[] m2 = new double[c];
      double[] v2 = new double[c];
      for (int k = 0; k < c; k++) {
        m2[k] = 0.99 * mean[k] + 0.01 * mu[k];
        double moving = varLess1[k] + 1;
        v2[k] = 0.99 * moving + 0.01 * var[k] * n / (n - 1) - 1;
      }
      next.add(m2);
      next.add(v2);
    } else {
      for (int k = 0; k < c; k++) {
        mu[k] = mean[k];
        var[k] = varLess1[k] + 1;
      }
      next.add(mean);
      next.add(varLess1);
    }
    double[] o = new double[x.v().length];
    for (int j = 0; j < o.length; j++) {
      int k = j % c;
      o[j] = (x.v()[j] - mu[k]) / Math.sqrt(var[k] + 1e-3) * gamma[k] + beta[k];
    }
    return new T4(x.b(), x.h(), x.w(), c, o);
  }

  static T4 relu(T4 x) {
    double[] o = x.v().clone();
    for (int j = 0; j < o.length; j++) {
      o[j] = Math.max(0, o[j]);
    }
    return new T4(x.b(), x.h(), x.w(), x.c(), o);
  }

  static T4 add(T4 a, T4 b) {
    double[] o = a.v().clone();
    for (int j = 0; j < o.length; j++) {
      o[j] += b.v()[j];
    }
    return new T4(a.b(), a.h(), a.w(), a.c(), o);
  }

  static T4 pool(T4 x) {
    int h = x.h() / 2;
    int w = x.w() / 2;
    double[] o = new double[x.b() * h * w * x.c()];
    for (int i = 0; i < x.b(); i++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          for (int k = 0; k < x.c(); k++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                m = Math.max(m, x.at(i, 2 * y + dy, 2 * xx + dx, k));
              }
            }
            o[((i * h + y) * w + xx) * x.c() + k] = m;
          }
        }
      }
    }
    return new T4(x.b(), h, w, x.c(), o);
  }

  /** Logits [b][classes] of the spec's ResNet; next state appended to {@code next}. */
  static double[][] reference(int depth, int width, int classes, List<double[]> p, List<double[]> s, T4 x,
      boolean training, List<double[]> next) {
    int[] at = {0, 0};
    java.util.function.BiFunction<T4, Integer, T4> conv3 = (in, out) -> conv(in, p.get(at[0]++), p.get(at[0]++), 3, out);
    java.util.function.Function<T4, T4> norm = in -> {
      T4 r = bn(in, p.get(at[0]++), p.get(at[0]++), s.get(at[1]++), s.get(at[1]++), training, next);
      return r;
    };
    T4 h = relu(norm.apply(conv3.apply(x, 16)));
    int n = (depth - 4) / 6;
    for (int stage = 0; stage < 3; stage++) {
      int w = 16 * width << stage;
      for (int b = 0; b < n; b++) {
        T4 shortcut = h.c() != w ? conv(h, p.get(at[0]++), p.get(at[0]++), 1, w) : h;
        T4 body = relu(norm.apply(conv3.apply(h, w)));
        body = relu(norm.apply(conv3.apply(body, w)));
        h = add(shortcut, body);
      }
      if (stage < 2) {
        h = pool(h);
      }
    }
    double[] kernel = p.get(at[0]++);
    double[] bias = p.get(at[0]++);
    double[][] logits = new double[h.b()][classes];
    int hw = h.h() * h.w();
    for (int i = 0; i < h.b(); i++) {
      for (int k = 0; k < h.c(); k++) {
        double g = 0;
        for (int j = 0; j < hw; j++) {
          g += h.v()[(i * hw + j) * h.c() + k] / hw;
        }
        for (int o = 0; o < classes; o++) {
          logits[i][o] += g * kernel[k * classes + o];
        }
      }
      for (int o = 0; o < classes; o++) {
        logits[i][o] += bias[o];
      }
    }
    return logits;
  }

  // ---- the tiny instance ----

  private static final ResNet TINY = new ResNet(Shape.of(4, 4, 3), 10, 1, 5);
  private static final int B = 3;

  private static List<double[]> randomParams(Random rng) {
    List<double[]> out = new ArrayList<>();
    for (ParamSpec spec : TINY.params()) {
      double[] v = new double[(int) spec.size()];
      double scale = spec.name().endsWith("gamma") ? 0.3 : spec.shape().numDimensions() > 1 ? 0.4 : 0.2;
      for (int i = 0; i < v.length; i++) {
        v[i] = (spec.name().endsWith("gamma") ? 1 : 0) + scale * rng.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }

  private static List<double[]> randomState(Random rng) {
    List<double[]> out = new ArrayList<>();
    for (StateSpec spec : TINY.stateSpecs()) {
      double[] v = new double[(int) spec.shape().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = spec.name().endsWith("minus_1") ? 0.5 * rng.nextDouble() - 0.2 : 0.3 * rng.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }

  private static double[] images(Random rng) {
    double[] x = new double[B * 4 * 4 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble();
    }
    return x;
  }

  private static Operand<TFloat64> constant(Ops tf, Shape shape, double[] v) {
    return tf.constant(shape, DataBuffers.of(v, true, false));
  }

  private static double[] read(TFloat64 t) {
    double[] v = new double[(int) t.shape().size()];
    t.asRawTensor().data().asDoubles().read(v);
    return v;
  }

  /** Logits (flattened) followed by each next state tensor, from the float64 graph. */
  private static List<double[]> graphForward(List<double[]> p, List<double[]> s, double[] x, boolean training) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat64>> ps = new ArrayList<>();
      for (int i = 0; i < p.size(); i++) {
        ps.add(constant(tf, TINY.params().get(i).shape(), p.get(i)));
      }
      List<Operand<TFloat64>> ss = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        ss.add(constant(tf, TINY.stateSpecs().get(i).shape(), s.get(i)));
      }
      ResNet.Forward<TFloat64> out = TINY.apply(tf, ps, ss, constant(tf, Shape.of(B, 4, 4, 3), x), training);
      try (Session session = new Session(g)) {
        Session.Runner r = session.runner().fetch(out.logits());
        out.state().forEach(r::fetch);
        try (Result res = r.run()) {
          List<double[]> values = new ArrayList<>();
          for (int i = 0; i < res.size(); i++) {
            values.add(read((TFloat64) res.get(i)));
          }
          return values;
        }
      }
    }
  }

  @Test
  void graphMatchesPlainJavaInTrainingAndInference() {
    Random rng = new Random(11);
    List<double[]> p = randomParams(rng);
    List<double[]> s = randomState(rng);
    double[] x = images(rng);
    for (boolean training : new boolean[] {true, false}) {
      List<double[]> next = new ArrayList<>();
      double[][] logits = reference(10, 1, 5, p, s, new T4(B, 4, 4, 3, x), training, next);
      List<double[]> graph = graphForward(p, s, x, training);
      for (int i = 0; i < B; i++) {
        for (int o = 0; o < 5; o++) {
          assertThat(graph.get(0)[i * 5 + o]).as("training=" + training).isCloseTo(logits[i][o], within(1e-9));
        }
      }
      assertThat(graph).hasSize(1 + next.size());
      for (int j = 0; j < next.size(); j++) {
        assertThat(graph.get(1 + j)).as("state " + j + " training=" + training).containsExactly(next.get(j),
            within(1e-12));
        if (!training) {
          assertThat(graph.get(1 + j)).containsExactly(s.get(j), within(0.0));
        }
      }
    }
    // the moving-average update really moves: mean 0.99 m + 0.01 batch mean, not m
    List<double[]> train = graphForward(p, s, x, true);
    assertThat(train.get(1)[0]).isNotCloseTo(s.get(0)[0], within(1e-6));
  }

  @Test
  void gradientMatchesCentralDifferencesInFloat64() {
    Random rng = new Random(5);
    List<double[]> p = randomParams(rng);
    List<double[]> s = randomState(rng);
    double[] x = images(rng);
    int[] labels = {0, 3, 4};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<org.tensorflow.op.core.Placeholder<TFloat64>> ps = new ArrayList<>();
      for (ParamSpec spec : TINY.params()) {
        ps.add(tf.placeholder(TFloat64.class, org.tensorflow.op.core.Placeholder.shape(spec.shape())));
      }
      List<Operand<TFloat64>> ss = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        ss.add(constant(tf, TINY.stateSpecs().get(i).shape(), s.get(i)));
      }
      ResNet.Forward<TFloat64> out = TINY.apply(tf, ps, ss, constant(tf, Shape.of(B, 4, 4, 3), x), true);
      Operand<TFloat64> loss = Losses.meanSparseSoftmaxCrossEntropy(tf, out.logits(), tf.constant(labels));
      Output<?>[] grads = g.addGradients(loss.asOutput(), ps.stream().map(Operand::asOutput).toArray(Output[]::new));
      try (Session session = new Session(g)) {
        java.util.function.Function<List<double[]>, List<double[]>> run = values -> {
          List<TFloat64> feeds = new ArrayList<>();
          Session.Runner r = session.runner().fetch(loss);
          for (Output<?> gr : grads) {
            r.fetch(gr);
          }
          for (int i = 0; i < ps.size(); i++) {
            TFloat64 t = TFloat64.tensorOf(TINY.params().get(i).shape(), DataBuffers.of(values.get(i), true, false));
            feeds.add(t);
            r.feed(ps.get(i), t);
          }
          try (Result res = r.run()) {
            List<double[]> outv = new ArrayList<>();
            for (int i = 0; i < res.size(); i++) {
              outv.add(read((TFloat64) res.get(i)));
            }
            return outv;
          } finally {
            feeds.forEach(TFloat64::close);
          }
        };
        List<double[]> base = run.apply(p);
        double eps = 1e-6;
        int checked = 0;
        for (int t = 0; t < p.size(); t++) {
          int idx = rng.nextInt(p.get(t).length);
          List<double[]> plus = copy(p);
          List<double[]> minus = copy(p);
          plus.get(t)[idx] += eps;
          minus.get(t)[idx] -= eps;
          double fd = (run.apply(plus).get(0)[0] - run.apply(minus).get(0)[0]) / (2 * eps);
          double analytic = base.get(1 + t)[idx];
          assertThat(analytic).as(TINY.params().get(t).name() + "[" + idx + "]")
              .isCloseTo(fd, within(1e-6 + 1e-5 * Math.abs(fd)));
          checked++;
        }
        assertThat(checked).isEqualTo(p.size());
      }
    }
  }

  private static List<double[]> copy(List<double[]> p) {
    List<double[]> out = new ArrayList<>();
    p.forEach(a -> out.add(a.clone()));
    return out;
  }

  @Test
  void registeredResNetIsTheProblemsModelState() {
    ResNetClassifier p = (ResNetClassifier) ProblemRegistry.create("resnet", NO_DATA);
    assertThat(p.modelStateSpecs()).hasSize(2 * (1 + 3 * 4 * 2));
    assertThat(p.modelStateSpecs().get(1).name()).isEqualTo("bn_0/moving_variance_minus_1");
    assertThat(p.params().get(0).shape()).isEqualTo(Shape.of(3, 3, 3, 16));
    assertThat(p.params().get(2).name()).isEqualTo("bn_0/gamma");
  }
}
