package org.l2o.problems.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.tf.GradientCheck;
import org.l2o.core.tf.GradientCheck.Input;
import org.l2o.core.tf.GradientCheck.Report;
import org.l2o.core.tf.Losses;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

class StatelessNetworkTest {

  private static float[] run(Graph g, Operand<TFloat32> y) {
    try (Session s = new Session(g); Result r = s.runner().fetch(y).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[Math.toIntExact(t.shape().size())];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    return tf.constant(shape, DataBuffers.of(values, true, false));
  }

  @Test
  void convAndPoolOutputSizesAreValidFloorFormulas() {
    assertThat(new Conv2DLayer(16, 3, 1, Activation.RELU).outputShape(Shape.of(28, 28, 1))).isEqualTo(Shape.of(26, 26, 16));
    assertThat(new Conv2DLayer(32, 5, 1, Activation.RELU).outputShape(Shape.of(13, 13, 16))).isEqualTo(Shape.of(9, 9, 32));
    assertThat(new Conv2DLayer(32, 3, 2, Activation.RELU).outputShape(Shape.of(30, 30, 16))).isEqualTo(Shape.of(14, 14, 32));
    assertThat(new Conv2DLayer(64, 3, 2, Activation.RELU).outputShape(Shape.of(12, 12, 32))).isEqualTo(Shape.of(5, 5, 64));
    assertThat(new MaxPoolLayer(2).outputShape(Shape.of(26, 26, 16))).isEqualTo(Shape.of(13, 13, 16));
    assertThat(new MaxPoolLayer(2).outputShape(Shape.of(9, 9, 32))).isEqualTo(Shape.of(4, 4, 32));
    assertThat(new MaxPoolLayer(3).outputShape(Shape.of(7, 8, 2))).isEqualTo(Shape.of(2, 2, 2));
    assertThatThrownBy(() -> new Conv2DLayer(4, 5, 1, Activation.RELU).outputShape(Shape.of(4, 4, 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
  }

  @Test
  void graphShapesAgreeWithTheDeclaredOutputShapes() {
    StatelessNetwork net = new StatelessNetwork(Shape.of(28, 28, 1), List.of(
        new Conv2DLayer(16, 3, 1, Activation.RELU), new MaxPoolLayer(2), new Conv2DLayer(32, 5, 1, Activation.RELU),
        new MaxPoolLayer(2), new DenseLayer(10, Activation.LINEAR)));
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(Shape.of(5, 28, 28, 1)));
      List<Operand<TFloat32>> p = new ArrayList<>();
      for (ParamSpec s : net.params()) {
        p.add(tf.zeros(tf.constant(s.shape()), TFloat32.class));
      }
      assertThat(net.apply(tf, p, x).shape()).isEqualTo(Shape.of(5, 10));
      // the dynamic flatten path (kernel without a static shape) gives the same static logits width
      List<Operand<TFloat32>> unknown = new ArrayList<>(p);
      unknown.set(4, tf.placeholder(TFloat32.class));
      assertThat(net.apply(tf, unknown, x).shape().get(0)).isEqualTo(5);
    }
  }

  @Test
  void conv2dIsActivationOfValidConvolutionPlusBias() {
    // 3x3 image 1..9, 2x2 kernel of ones, bias -10, relu: window sums 12, 16, 24, 28 -> 2, 6, 14, 18.
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = constant(tf, Shape.of(1, 3, 3, 1), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
      Operand<TFloat32> y = new Conv2DLayer(1, 2, 1, Activation.RELU).apply(tf, List.of(
          constant(tf, Shape.of(2, 2, 1, 1), new float[] {1, 1, 1, 1}), constant(tf, Shape.of(1), new float[] {-10})), x);
      assertThat(run(g, y)).containsExactly(2, 6, 14, 18);
    }
  }

  @Test
  void conv2dStrideSkipsPositions() {
    // 5x1 row image 1..5 as [1,1,5,1]; 1x1 kernel 2, stride 2 -> positions 0, 2, 4 -> 2, 6, 10 (linear).
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = constant(tf, Shape.of(1, 1, 5, 1), new float[] {1, 2, 3, 4, 5});
      Operand<TFloat32> y = new Conv2DLayer(1, 1, 2, Activation.LINEAR).apply(tf, List.of(
          constant(tf, Shape.of(1, 1, 1, 1), new float[] {2}), constant(tf, Shape.of(1), new float[] {0})), x);
      assertThat(run(g, y)).containsExactly(2, 6, 10);
    }
  }

  @Test
  void maxPoolTakesWindowMaximaAndDropsTheRemainder() {
    // 3x3 image, pool 2 VALID: only the top-left window [1,2;4,5] fits -> 5.
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = constant(tf, Shape.of(1, 3, 3, 1), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
      assertThat(run(g, new MaxPoolLayer(2).apply(tf, List.of(), x))).containsExactly(5);
    }
  }

  @Test
  void denseFlattensRowMajorHwcLikeKerasFlatten() {
    // x[h][w][c] = 100h + 10w + c on a [2,3,2] image; an identity kernel exposes the flatten order,
    // which must be index (h*W + w)*C + c.
    int h = 2;
    int w = 3;
    int c = 2;
    int d = h * w * c;
    float[] x = new float[d];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int k = 0; k < c; k++) {
          x[(i * w + j) * c + k] = 100 * i + 10 * j + k;
        }
      }
    }
    float[] identity = new float[d * d];
    for (int i = 0; i < d; i++) {
      identity[i * d + i] = 1;
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> y = new DenseLayer(d, Activation.LINEAR).apply(tf, List.of(
          constant(tf, Shape.of(d, d), identity), constant(tf, Shape.of(d), new float[d])),
          constant(tf, Shape.of(1, h, w, c), x));
      float[] out = run(g, y);
      // hand-computed: (h,w,c) = (1,2,0) is flat index (1*3+2)*2+0 = 10 and holds 120.
      assertThat(out[10]).isEqualTo(120f);
      assertThat(out[3]).isEqualTo(11f); // (0,1,1)
      assertThat(out).containsExactly(0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121);
    }
  }

  @Test
  void parameterNamesOrderAndInitializers() {
    StatelessNetwork net = new StatelessNetwork(Shape.of(8, 8, 2), List.of(new Conv2DLayer(4, 3, 1, Activation.TANH),
        new MaxPoolLayer(2), new DenseLayer(5, Activation.SIGMOID), new DenseLayer(3, Activation.LINEAR)));
    assertThat(net.params()).extracting(ParamSpec::name).containsExactly(
        "conv_0/kernel", "conv_0/bias", "dense_0/kernel", "dense_0/bias", "dense_1/kernel", "dense_1/bias");
    assertThat(net.params()).extracting(ParamSpec::shape).containsExactly(
        Shape.of(3, 3, 2, 4), Shape.of(4), Shape.of(36, 5), Shape.of(5), Shape.of(5, 3), Shape.of(3));
    assertThat(net.parameterCount()).isEqualTo(72 + 4 + 180 + 5 + 15 + 3);
    assertThat(net.params().get(1).initializer().sample(Shape.of(4), new Random(1))).containsOnly(0f);
    assertThat(net.outputShape()).isEqualTo(Shape.of(3));
  }

  @Test
  void layerSpecsParseIntsAsPoolsAndTriplesAsConvs() {
    List<Layer> layers = LayerSpecs.parseConvLayers(List.of(List.of(16, 3, 1), 2, List.of(32L, 5.0, 2)),
        Activation.RELU, "layers");
    assertThat(layers).containsExactly(new Conv2DLayer(16, 3, 1, Activation.RELU), new MaxPoolLayer(2),
        new Conv2DLayer(32, 5, 2, Activation.RELU));
    assertThatThrownBy(() -> LayerSpecs.parseConvLayers(List.of(List.of(16, 3)), Activation.RELU, "kwargs.layers"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kwargs.layers[0]");
    assertThatThrownBy(() -> LayerSpecs.parseConvLayers(List.of(2.5), Activation.RELU, "kwargs.layers"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kwargs.layers[0]").hasMessageContaining("2.5");
  }

  @Test
  void activationsParseByKerasName() {
    assertThat(Activation.parse("relu")).isEqualTo(Activation.RELU);
    assertThat(Activation.parse("sigmoid")).isEqualTo(Activation.SIGMOID);
    assertThat(Activation.parse("tanh")).isEqualTo(Activation.TANH);
    assertThat(Activation.parse("linear")).isEqualTo(Activation.LINEAR);
    assertThatThrownBy(() -> Activation.parse("softmax")).hasMessageContaining("softmax").hasMessageContaining("relu");
  }

  @Test
  void lossGradientOfATinyConvNetMatchesFiniteDifferencesInFloat64() {
    // [6,6,1] -> conv 3x3x1x2 relu -> pool 2 -> dense(3) logits: 20 + 27 = 47 parameters.
    StatelessNetwork net = new StatelessNetwork(Shape.of(6, 6, 1), List.of(new Conv2DLayer(2, 3, 1, Activation.RELU),
        new MaxPoolLayer(2), new DenseLayer(3, Activation.LINEAR)));
    Random rng = new Random(99);
    List<Input> point = new ArrayList<>();
    for (ParamSpec p : net.params()) {
      float[] v = p.initializer().sample(p.shape(), rng);
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i] + 0.05 * rng.nextGaussian(); // non-zero biases too
      }
      point.add(new Input(p.shape(), d));
    }
    double[] images = new double[4 * 36];
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextDouble();
    }
    Report r = GradientCheck.compare((tf, ps) -> {
      Operand<TFloat64> x = tf.constant(Shape.of(4, 6, 6, 1), DataBuffers.of(images, true, false));
      return Losses.meanSparseSoftmaxCrossEntropy(tf, net.apply(tf, ps, x), tf.constant(new int[] {0, 2, 1, 2}));
    }, point, 1e-5);
    assertThat(r.checked()).isEqualTo(47);
    assertThat(r.maxError()).as(r.toString()).isLessThan(1e-7);
    assertThat(r.maxAbsAnalytic()).isGreaterThan(1e-2);
  }

  @Test
  void lossGradientsOfTheNasCellAndTheAverageHeadMatchFiniteDifferencesInFloat64() {
    // [5,5,2] -> NAS cell of 3 filters (SAME convs, SAME average pool) -> GAP -> dense(3): 57 + 4*84 + 12 = 405
    StatelessNetwork nas = new StatelessNetwork(Shape.of(5, 5, 2), List.of(new NasCell(3, Activation.TANH),
        new GlobalAveragePoolLayer(), new DenseLayer(3, Activation.LINEAR)));
    // [6,6,1] -> conv 3x3 (2, relu) -> softmax conv 3x3 (3 classes) -> mean -> ln(clip): 20 + 57 = 77
    StatelessNetwork avg = new StatelessNetwork(Shape.of(6, 6, 1), List.of(new Conv2DLayer(2, 3, 1, Activation.RELU),
        new Conv2DLayer(3, 3, 1, Activation.SOFTMAX), new AverageProbabilityHead()));
    for (StatelessNetwork net : List.of(nas, avg)) {
      Random rng = new Random(7);
      List<Input> point = new ArrayList<>();
      for (ParamSpec p : net.params()) {
        float[] v = p.initializer().sample(p.shape(), rng);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = v[i] + 0.05 * rng.nextGaussian();
        }
        point.add(new Input(p.shape(), d));
      }
      Shape in = net.inputShape();
      double[] images = new double[(int) (3 * in.size())];
      for (int i = 0; i < images.length; i++) {
        images[i] = rng.nextDouble();
      }
      Report r = GradientCheck.compare((tf, ps) -> {
        Operand<TFloat64> x = tf.constant(Shape.of(3, in.get(0), in.get(1), in.get(2)),
            DataBuffers.of(images, true, false));
        return Losses.meanSparseSoftmaxCrossEntropy(tf, net.apply(tf, ps, x), tf.constant(new int[] {0, 2, 1}));
      }, point, 1e-5);
      assertThat(r.checked()).isEqualTo(net.parameterCount());
      assertThat(r.maxError()).as(r.toString()).isLessThan(1e-7);
      assertThat(r.maxAbsAnalytic()).isGreaterThan(1e-3);
    }
  }
}
