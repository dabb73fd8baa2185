package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.l2o.core.tf.GradTestSupport.assertGradient;
import static org.l2o.core.tf.GradTestSupport.gaussian;
import static org.l2o.core.tf.GradTestSupport.gradientOpTypes;
import static org.l2o.core.tf.GradTestSupport.uniform;
import static org.l2o.core.tf.GradTestSupport.weightedSum;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.tf.GradientCheck.Input;
import org.l2o.core.tf.GradientCheck.ScalarFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/**
 * First-order gradients (addGradients vs central differences, float64) of every op the optimizee
 * networks, losses and update rules build: Conv2D (input and filter), MaxPoolV2, Relu, BiasAdd, MatMul,
 * Reshape, Sigmoid, Tanh, sparse softmax cross-entropy, Mul/Add/Sub/Div/Neg, Sqrt/Rsqrt/Square/Exp/Log,
 * Softmax, Sum/Mean, Maximum/Minimum, Select, Concat/Split/SplitV/StridedSlice/Transpose.
 */
class FirstOrderOpGradientsTest {

  private final Random rng = new Random(20220101);

  private static ScalarFunction probe(java.util.function.BiFunction<Ops, List<Operand<TFloat64>>, Operand<TFloat64>> op) {
    return (tf, xs) -> weightedSum(tf, op.apply(tf, xs), 7);
  }

  private static List<Long> strides(long s) {
    return List.of(1L, s, s, 1L);
  }

  @Test
  void conv2dValidStride1WithRespectToInputAndFilter() {
    assertGradient(probe((tf, xs) -> tf.nn.conv2d(xs.get(0), xs.get(1), strides(1), "VALID")),
        gaussian(rng, 1, 2, 5, 5, 2), gaussian(rng, 0.5, 3, 3, 2, 3));
  }

  @Test
  void conv2dValidStride2WithRespectToInputAndFilter() {
    assertGradient(probe((tf, xs) -> tf.nn.conv2d(xs.get(0), xs.get(1), strides(2), "VALID")),
        gaussian(rng, 1, 2, 7, 7, 2), gaussian(rng, 0.5, 3, 3, 2, 3));
  }

  @Test
  void conv2dSameWithRespectToInputAndFilter() {
    assertGradient(probe((tf, xs) -> tf.nn.conv2d(xs.get(0), xs.get(1), strides(2), "SAME")),
        gaussian(rng, 1, 1, 6, 6, 2), gaussian(rng, 0.5, 3, 3, 2, 2));
  }

  @Test
  void maxPoolEmitsMaxPoolV2AndHasTheRightGradient() {
    ScalarFunction f = probe((tf, xs) -> tf.nn.maxPool(xs.get(0), tf.constant(new int[] {1, 2, 2, 1}),
        tf.constant(new int[] {1, 2, 2, 1}), "VALID"));
    Input x = gaussian(rng, 1, 2, 5, 5, 3);
    assertThat(gradientOpTypes(f, x)).contains("MaxPoolV2", "MaxPoolGradV2");
    assertGradient(f, x);
  }

  @Test
  void relu() {
    assertGradient(probe((tf, xs) -> tf.nn.relu(xs.get(0))), gaussian(rng, 1, 3, 4));
  }

  @Test
  void biasAddWithRespectToValueAndBias() {
    assertGradient(probe((tf, xs) -> tf.nn.biasAdd(xs.get(0), xs.get(1))),
        gaussian(rng, 1, 2, 3, 3, 4), gaussian(rng, 1, 4));
  }

  @Test
  void matMulWithRespectToBothOperands() {
    assertGradient(probe((tf, xs) -> tf.linalg.matMul(xs.get(0), xs.get(1))),
        gaussian(rng, 1, 3, 4), gaussian(rng, 1, 4, 2));
  }

  @Test
  void reshapeAndTranspose() {
    assertGradient(probe((tf, xs) -> tf.linalg.transpose(
        tf.reshape(xs.get(0), tf.constant(new int[] {4, -1})), tf.constant(new int[] {1, 0}))),
        gaussian(rng, 1, 2, 2, 3));
  }

  @Test
  void sigmoidAndTanh() {
    assertGradient(probe((tf, xs) -> tf.math.add(tf.math.sigmoid(xs.get(0)), tf.math.tanh(xs.get(1)))),
        gaussian(rng, 2, 3, 4), gaussian(rng, 2, 3, 4));
  }

  @Test
  void sparseSoftmaxCrossEntropyWithInt32AndInt64Labels() {
    Input logits = gaussian(rng, 2, 4, 5);
    assertGradient((tf, xs) -> Losses.meanSparseSoftmaxCrossEntropy(tf, xs.get(0),
        tf.constant(new int[] {0, 4, 2, 2})), logits);
    assertGradient((tf, xs) -> weightedSum(tf, Losses.sparseSoftmaxCrossEntropy(tf, xs.get(0),
        tf.dtypes.cast(tf.constant(new int[] {1, 3, 0, 4}), TInt64.class)), 3), logits);
  }

  @Test
  void mulAddSubDivNeg() {
    assertGradient(probe((tf, xs) -> tf.math.neg(tf.math.sub(
        tf.math.div(tf.math.mul(xs.get(0), xs.get(1)), xs.get(2)), tf.math.add(xs.get(0), xs.get(2))))),
        gaussian(rng, 1, 3, 2), gaussian(rng, 1, 3, 2), uniform(rng, 0.5, 2, 3, 2));
  }

  @Test
  void broadcastingMulAndAdd() {
    assertGradient(probe((tf, xs) -> tf.math.add(tf.math.mul(xs.get(0), xs.get(1)), xs.get(1))),
        gaussian(rng, 1, 3, 4), gaussian(rng, 1, 1, 4));
  }

  @Test
  void sqrtRsqrtAndReciprocal() {
    assertGradient(probe((tf, xs) -> tf.math.add(tf.math.add(tf.math.sqrt(xs.get(0)), tf.math.rsqrt(xs.get(0))),
        tf.math.reciprocal(xs.get(0)))), uniform(rng, 0.5, 2, 3, 3));
  }

  @Test
  void squareExpLog() {
    assertGradient(probe((tf, xs) -> tf.math.add(tf.math.square(xs.get(0)),
        tf.math.add(tf.math.exp(xs.get(0)), tf.math.log(xs.get(1))))),
        gaussian(rng, 1, 2, 3), uniform(rng, 0.5, 2, 2, 3));
  }

  @Test
  void softmaxAndLogSoftmax() {
    assertGradient(probe((tf, xs) -> tf.math.add(tf.nn.softmax(xs.get(0)), tf.nn.logSoftmax(xs.get(0)))),
        gaussian(rng, 1, 3, 4));
  }

  @Test
  void sumAndMean() {
    assertGradient((tf, xs) -> tf.math.add(
        weightedSum(tf, tf.reduceSum(xs.get(0), tf.constant(1)), 1),
        weightedSum(tf, tf.math.mean(xs.get(0), tf.constant(0)), 2)), gaussian(rng, 1, 3, 4));
  }

  @Test
  void maximumMinimumAndSelect() {
    assertGradient(probe((tf, xs) -> {
      Operand<TFloat64> x = xs.get(0);
      Operand<TFloat64> clipped = tf.math.minimum(tf.math.maximum(x, tf.constant(-0.5)), tf.constant(0.5));
      Operand<TFloat64> selected = tf.select(tf.math.greater(x, tf.constant(0.0)), tf.math.square(x), tf.math.neg(x));
      return tf.math.add(clipped, selected);
    }), gaussian(rng, 1, 4, 5));
  }

  @Test
  void concatSplitAndSplitV() {
    assertGradient(probe((tf, xs) -> {
      Operand<TFloat64> c = tf.concat(List.of(xs.get(0), xs.get(1)), tf.constant(1));
      List<org.tensorflow.Output<TFloat64>> halves = tf.split(tf.constant(1), c, 2L).output();
      List<org.tensorflow.Output<TFloat64>> parts =
          tf.splitV(c, tf.constant(new int[] {1, 5}), tf.constant(1), 2L).output();
      return tf.math.add(tf.math.mul(halves.get(0), halves.get(1)), tf.slice(parts.get(1),
          tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 3})));
    }), gaussian(rng, 1, 2, 4), gaussian(rng, 1, 2, 2));
  }

  @Test
  void stridedSlice() {
    assertGradient(probe((tf, xs) -> tf.stridedSlice(xs.get(0),
        org.tensorflow.ndarray.index.Indices.all(), org.tensorflow.ndarray.index.Indices.slice(1, 4))),
        gaussian(rng, 1, 3, 5));
  }
}
