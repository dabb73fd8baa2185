package org.l2o.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** conv_avg, conv_nas and conv_nas_cifar (spec §3.3, §9.3): parameter counts and forward values against plain Java. */
class AverageHeadAndNasTest {

  private static final DatasetLoader NO_DATA = (dataset, split) -> {
    throw new AssertionError("no data expected for " + dataset + "/" + split);
  };

  /** Keras Conv2D parameters: k*k*C_in*f + f. */
  private static long conv(int k, int cin, int f) {
    return (long) k * k * cin * f + f;
  }

  @Test
  void parameterCountsFollowKerasLayerCounts() {
    // conv_avg: 28 -> conv3 26 -> pool 13 -> conv5 9 -> pool 4 -> conv3 (10, softmax) 2; no dense head.
    assertThat(ProblemRegistry.create("conv_avg", NO_DATA).parameterCount())
        .isEqualTo(conv(3, 1, 16) + conv(5, 16, 32) + conv(3, 32, 10)).isEqualTo(15_882L);
    // NAS cell: five 3x3 convs of 16 filters (the first on the image's channels), GAP, Dense(16 -> 10).
    long cell = 4 * conv(3, 16, 16);
    long head = 16 * 10 + 10;
    assertThat(ProblemRegistry.create("conv_nas", NO_DATA).parameterCount())
        .isEqualTo(conv(3, 1, 16) + cell + head).isEqualTo(9_610L);
    assertThat(ProblemRegistry.create("conv_nas_cifar", NO_DATA).parameterCount())
        .isEqualTo(conv(3, 3, 16) + cell + head).isEqualTo(9_898L);
  }

  @Test
  void registryListsThem() {
    assertThat(ProblemRegistry.names()).contains("conv_avg", "conv_nas", "conv_nas_cifar");
    assertThat(ProblemRegistry.create("conv_nas", NO_DATA).dataset().name()).isEqualTo("mnist");
    assertThat(ProblemRegistry.create("conv_avg", NO_DATA).batchSize()).isEqualTo(128);
  }

  @Test
  void parameterShapesAndOrder() {
    assertThat(ProblemRegistry.create("conv_avg", NO_DATA).params()).extracting(ParamSpec::shape).containsExactly(
        Shape.of(3, 3, 1, 16), Shape.of(16), Shape.of(5, 5, 16, 32), Shape.of(32), Shape.of(3, 3, 32, 10),
        Shape.of(10));
    ImageClassifier nas = ProblemRegistry.create("conv_nas_cifar", NO_DATA);
    assertThat(nas.params()).extracting(ParamSpec::name).startsWith("nas_0/conv_0/kernel", "nas_0/conv_0/bias",
        "nas_0/conv_1/kernel").endsWith("nas_0/conv_4/bias", "dense_0/kernel", "dense_0/bias");
    assertThat(nas.params().get(0).shape()).isEqualTo(Shape.of(3, 3, 3, 16));
    assertThat(nas.dataset().name()).isEqualTo("cifar10");
  }

  @Test
  void fromConfigBuildsTheSameNetworksAsTheRegistry() {
    ImageClassifier avg = ProblemRegistry.fromConfig(java.util.Map.of("target", "conv_classifier", "kwargs",
        java.util.Map.of("layers", List.of(List.of(16, 3, 1), 2, List.of(32, 5, 1), 2, List.of(0, 3, 1)),
            "head_type", "average")), NO_DATA);
    assertThat(avg.params()).extracting(ParamSpec::name, ParamSpec::shape).isEqualTo(
        ProblemRegistry.create("conv_avg", NO_DATA).params().stream()
            .map(ps -> org.assertj.core.groups.Tuple.tuple(ps.name(), ps.shape())).toList());
    assertThat(avg.network().layers().get(avg.network().layers().size() - 1))
        .isInstanceOf(org.l2o.problems.nn.AverageProbabilityHead.class);
    ImageClassifier nas = ProblemRegistry.fromConfig(java.util.Map.of("target", "nas_classifier", "kwargs",
        java.util.Map.of("filters", 8, "dataset", "cifar10")), NO_DATA);
    assertThat(nas.parameterCount()).isEqualTo(conv(3, 3, 8) + 4 * conv(3, 8, 8) + 8 * 10 + 10);
  }

  @Test
  void averageHeadForwardAndLossMatchPlainJava() {
    ImageClassifier p = ProblemRegistry.create("conv_avg", NO_DATA);
    Random rng = new Random(11);
    List<float[]> params = scaled(p.init(rng), 2f);
    float[] images = images(rng, 3, 28, 28, 1);
    int[] labels = {3, 7, 0};
    double[][] expected = new double[3][];
    double loss = 0;
    for (int n = 0; n < 3; n++) {
      double[][][] x = PlainNet.image(images, n, 28, 28, 1);
      x = PlainNet.maxPool(PlainNet.conv(x, params.get(0), params.get(1), 3, 1, 16, false, true), 2);
      x = PlainNet.maxPool(PlainNet.conv(x, params.get(2), params.get(3), 5, 1, 32, false, true), 2);
      x = PlainNet.softmaxChannels(PlainNet.conv(x, params.get(4), params.get(5), 3, 1, 10, false, false));
      assertThat(x.length).isEqualTo(2);
      double[] prob = PlainNet.globalMean(x);
      expected[n] = prob;
      loss += PlainNet.crossEntropyOfProbabilities(prob, labels[n]) / 3;
    }
    float[][] out = forward(p, params, images, labels, 3);
    for (int n = 0; n < 3; n++) {
      for (int c = 0; c < 10; c++) {
        // the logits are ln(clip(p)): their exp is the averaged probability
        assertThat(Math.exp(out[n][c])).as("example %d class %d", n, c).isCloseTo(expected[n][c], within(2e-6));
      }
    }
    assertThat((double) out[3][0]).isCloseTo(loss, within(1e-5 * Math.abs(loss) + 1e-6));
  }

  @Test
  void averageHeadLossClipsAVanishingProbabilityLikeKeras() {
    // one class carrying all probability: Keras clips p to [1e-7, 1 - 1e-7], so the loss of a wrong label is
    // -ln(1e-7) + ln(1 - 1e-7 + 9e-7) (the clipped values renormalised by the softmax of their logs), not infinite
    ImageClassifier p = ProblemRegistry.create("conv_avg", NO_DATA);
    List<float[]> params = new ArrayList<>();
    for (ParamSpec s : p.params()) {
      params.add(new float[(int) s.size()]);
    }
    params.get(5)[4] = 200f; // last conv bias: class 4 dominates every pixel
    float[] images = images(new Random(3), 1, 28, 28, 1);
    float[][] out = forward(p, params, images, new int[] {2}, 1);
    double expected = PlainNet.crossEntropyOfProbabilities(new double[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, 2);
    assertThat(expected).isCloseTo(-Math.log(1e-7) + Math.log(1 - 1e-7 + 9e-7), within(1e-9));
    assertThat((double) out[1][0]).isCloseTo(expected, within(1e-4));
  }

  @Test
  void nasCellForwardAndLossMatchPlainJava() {
    for (String key : List.of("conv_nas", "conv_nas_cifar")) {
      ImageClassifier p = ProblemRegistry.create(key, NO_DATA);
      Shape s = p.inputShape();
      int h = (int) s.get(0);
      int w = (int) s.get(1);
      int c = (int) s.get(2);
      Random rng = new Random(5);
      List<float[]> params = scaled(p.init(rng), 1.5f);
      for (int i = 1; i < 10; i += 2) { // non-zero biases so that the bias paths are checked
        for (int j = 0; j < params.get(i).length; j++) {
          params.get(i)[j] = (float) (rng.nextGaussian() * 0.1);
        }
      }
      float[] images = images(rng, 2, h, w, c);
      int[] labels = {1, 9};
      double loss = 0;
      double[][] expected = new double[2][];
      for (int n = 0; n < 2; n++) {
        double[][][] x = PlainNet.image(images, n, h, w, c);
        double[][][] n0 = PlainNet.conv(x, params.get(0), params.get(1), 3, 1, 16, true, true);
        double[][][] n1 = PlainNet.conv(n0, params.get(2), params.get(3), 3, 1, 16, true, true);
        double[][][] n2 = PlainNet.add(PlainNet.avgPool2Same(n1),
            PlainNet.conv(n0, params.get(4), params.get(5), 3, 1, 16, true, true));
        double[][][] deep = PlainNet.conv(PlainNet.conv(n1, params.get(6), params.get(7), 3, 1, 16, true, true),
            params.get(8), params.get(9), 3, 1, 16, true, true);
        double[][][] n3 = PlainNet.add(PlainNet.add(n0, deep), n2);
        expected[n] = PlainNet.dense(PlainNet.globalMean(n3), params.get(10), params.get(11));
        loss += PlainNet.crossEntropy(expected[n], labels[n]) / 2;
      }
      float[][] out = forward(p, params, images, labels, 2);
      for (int n = 0; n < 2; n++) {
        for (int k = 0; k < 10; k++) {
          assertThat((double) out[n][k]).as("%s example %d logit %d", key, n, k)
              .isCloseTo(expected[n][k], within(1e-4 * (1 + Math.abs(expected[n][k]))));
        }
      }
      assertThat((double) out[2][0]).as(key).isCloseTo(loss, within(1e-5 * (1 + loss)));
    }
  }

  private static List<float[]> scaled(List<float[]> params, float by) {
    for (float[] a : params) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= by;
      }
    }
    return params;
  }

  private static float[] images(Random rng, int n, int h, int w, int c) {
    float[] x = new float[n * h * w * c];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextFloat();
    }
    return x;
  }

  /** Rows 0..n-1: the logits of each example; row n: the problem's mean loss. */
  private static float[][] forward(ImageClassifier p, List<float[]> params, float[] images, int[] labels, int n) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat32>> ps = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        ps.add(tf.constant(p.params().get(i).shape(), DataBuffers.of(params.get(i), true, false)));
      }
      Shape in = p.inputShape();
      Operand<TFloat32> x = tf.constant(Shape.of(n, in.get(0), in.get(1), in.get(2)),
          DataBuffers.of(images, true, false));
      Operand<TInt32> y = tf.constant(labels);
      Operand<TFloat32> logits = p.logits(tf, ps, x);
      Operand<TFloat32> loss = p.loss(tf, ps, x, y);
      try (Session s = new Session(g); Result r = s.runner().fetch(logits).fetch(loss).run()) {
        TFloat32 l = (TFloat32) r.get(0);
        float[][] out = new float[n + 1][];
        for (int i = 0; i < n; i++) {
          out[i] = new float[10];
          for (int k = 0; k < 10; k++) {
            out[i][k] = l.getFloat(i, k);
          }
        }
        out[n] = new float[] {((TFloat32) r.get(1)).getFloat()};
        return out;
      }
    }
  }
}
