package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.l2o.core.tf.GradTestSupport.assertGradient;
import static org.l2o.core.tf.GradTestSupport.assertHessianVectorProduct;
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
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat64;

/**
 * Each gradient registered by {@link CustomGradients}, checked directly in float64: the gradient op
 * (ReluGrad, BiasAddGrad, MaxPoolGradV2, MaxPoolGrad V1, Conv2DBackpropFilter, SigmoidGrad, TanhGrad,
 * SqrtGrad, RsqrtGrad, ReciprocalGrad, StridedSliceGrad, the backprop output of
 * SparseSoftmaxCrossEntropyWithLogits, OnesLike) is built explicitly and its own gradient with respect
 * to every float input is compared with central differences.
 */
class RegisteredGradientsTest {

  private final Random rng = new Random(424242);

  private static List<Long> strides(long s) {
    return List.of(1L, s, s, 1L);
  }

  @Test
  void reluGradWithRespectToIncomingGradient() {
    assertGradient((tf, xs) -> weightedSum(tf, tf.nn.reluGrad(xs.get(0), xs.get(1)), 1),
        gaussian(rng, 1, 3, 4), gaussian(rng, 1, 3, 4));
  }

  @Test
  void biasAddGrad() {
    assertGradient((tf, xs) -> weightedSum(tf, tf.nn.biasAddGrad(xs.get(0)), 2), gaussian(rng, 1, 2, 3, 3, 4));
  }

  @Test
  void maxPoolGradV2() {
    ScalarFunction f = (tf, xs) -> {
      Operand<org.tensorflow.types.TInt32> k = tf.constant(new int[] {1, 2, 2, 1});
      Operand<TFloat64> out = tf.nn.maxPool(xs.get(0), k, k, "VALID");
      return weightedSum(tf, tf.nn.maxPoolGrad(xs.get(0), out, xs.get(1), k, k, "VALID"), 3);
    };
    Input in = gaussian(rng, 1, 2, 4, 6, 2);
    Input grad = gaussian(rng, 1, 2, 2, 3, 2);
    assertThat(gradientOpTypes(f, in, grad)).contains("MaxPoolGradGradV2");
    assertGradient(f, in, grad);
  }

  @Test
  void maxPoolGradV1BuiltRaw() {
    ScalarFunction f = (tf, xs) -> {
      long[] k = {1, 2, 2, 1};
      Operand<TFloat64> out = raw(tf.scope().opBuilder("MaxPool", "MaxPoolV1").addInput(xs.get(0).asOutput())
          .setAttr("ksize", k).setAttr("strides", k).setAttr("padding", "VALID").build().output(0));
      Operand<TFloat64> grad = raw(tf.scope().opBuilder("MaxPoolGrad", "MaxPoolGradV1")
          .addInput(xs.get(0).asOutput()).addInput(out.asOutput()).addInput(xs.get(1).asOutput())
          .setAttr("ksize", k).setAttr("strides", k).setAttr("padding", "VALID").build().output(0));
      return weightedSum(tf, grad, 4);
    };
    Input in = gaussian(rng, 1, 1, 4, 4, 3);
    Input grad = gaussian(rng, 1, 1, 2, 2, 3);
    assertThat(gradientOpTypes(f, in, grad)).contains("MaxPoolGradGrad");
    assertGradient(f, in, grad);
  }

  @Test
  void conv2dBackpropFilterValidStride1() {
    assertGradient(backpropFilter(1, "VALID", 3), gaussian(rng, 1, 2, 5, 5, 2), gaussian(rng, 1, 2, 3, 3, 3));
  }

  @Test
  void conv2dBackpropFilterValidStride2() {
    assertGradient(backpropFilter(2, "VALID", 3), gaussian(rng, 1, 2, 7, 7, 2), gaussian(rng, 1, 2, 3, 3, 3));
  }

  @Test
  void conv2dBackpropFilterSameStride2() {
    assertGradient(backpropFilter(2, "SAME", 3), gaussian(rng, 1, 1, 6, 6, 2), gaussian(rng, 1, 1, 3, 3, 3));
  }

  private static ScalarFunction backpropFilter(long stride, String padding, int k) {
    return (tf, xs) -> {
      long cin = xs.get(0).shape().get(3);
      long cout = xs.get(1).shape().get(3);
      Operand<org.tensorflow.types.TInt32> sizes = tf.constant(new int[] {k, k, (int) cin, (int) cout});
      return weightedSum(tf, tf.nn.conv2dBackpropFilter(xs.get(0), sizes, xs.get(1), strides(stride), padding), 5);
    };
  }

  @Test
  void sigmoidGradWithRespectToOutputAndIncomingGradient() {
    assertGradient((tf, xs) -> weightedSum(tf, tf.math.sigmoidGrad(xs.get(0), xs.get(1)), 6),
        uniform(rng, 0.05, 0.95, 3, 4), gaussian(rng, 1, 3, 4));
  }

  @Test
  void tanhGradWithRespectToOutputAndIncomingGradient() {
    assertGradient((tf, xs) -> weightedSum(tf, tf.math.tanhGrad(xs.get(0), xs.get(1)), 7),
        uniform(rng, -0.95, 0.95, 3, 4), gaussian(rng, 1, 3, 4));
  }

  @Test
  void sqrtGradRsqrtGradAndReciprocalGrad() {
    Input y = uniform(rng, 0.5, 2, 3, 3);
    Input dy = gaussian(rng, 1, 3, 3);
    assertGradient((tf, xs) -> weightedSum(tf, tf.math.sqrtGrad(xs.get(0), xs.get(1)), 8), y, dy);
    assertGradient((tf, xs) -> weightedSum(tf, tf.math.rsqrtGrad(xs.get(0), xs.get(1)), 9), y, dy);
    assertGradient((tf, xs) -> weightedSum(tf, tf.math.reciprocalGrad(xs.get(0), xs.get(1)), 10), y, dy);
  }

  @Test
  void stridedSliceGradThroughAHessianVectorProduct() {
    ScalarFunction f = (tf, xs) -> weightedSum(tf, tf.math.square(tf.stridedSlice(xs.get(0),
        org.tensorflow.ndarray.index.Indices.slice(1, 3), org.tensorflow.ndarray.index.Indices.all())), 11);
    Input x = gaussian(rng, 1, 4, 3);
    assertThat(gradientOpTypes(f, x)).contains("StridedSliceGrad");
    assertHessianVectorProduct(f, 12, x);
  }

  @Test
  void sparseSoftmaxCrossEntropySecondOrderTermThroughBackprop() {
    // Both outputs used: the gradient of backprop (softmax - onehot) is the softmax Jacobian.
    assertGradient((tf, xs) -> {
      SparseSoftmaxCrossEntropyWithLogits<TFloat64> ce =
          tf.nn.sparseSoftmaxCrossEntropyWithLogits(xs.get(0), tf.constant(new int[] {2, 0, 1}));
      return tf.math.add(weightedSum(tf, ce.loss(), 13), weightedSum(tf, ce.backprop(), 14));
    }, gaussian(rng, 1.5, 3, 4));
  }

  @Test
  void sparseSoftmaxCrossEntropyBackpropOnly() {
    assertGradient((tf, xs) -> weightedSum(tf,
        tf.nn.sparseSoftmaxCrossEntropyWithLogits(xs.get(0), tf.constant(new int[] {3, 1})).backprop(), 15),
        gaussian(rng, 1.5, 2, 4));
  }

  @Test
  void firstOrderCrossEntropyGradientSkipsTheUnusedSoftmaxTerm() {
    // The backprop output is unused, so its incoming gradient is a ZerosLike op and no Softmax is built.
    ScalarFunction f = (tf, xs) -> Losses.meanSparseSoftmaxCrossEntropy(tf, xs.get(0), tf.constant(new int[] {1, 0}));
    assertThat(gradientOpTypes(f, gaussian(rng, 1, 2, 3))).contains("ZerosLike").doesNotContain("Softmax");
  }

  @Test
  void sparseSoftmaxCrossEntropyHessianVectorProduct() {
    assertHessianVectorProduct((tf, xs) -> Losses.meanSparseSoftmaxCrossEntropy(tf, xs.get(0),
        tf.constant(new int[] {1, 0, 3})), 16, gaussian(rng, 1.5, 3, 4));
  }

  @Test
  void onesLikeSeedOfTheNestedGradientPass() {
    // Any Hessian-vector product differentiates through the OnesLike seed of the first pass.
    ScalarFunction cube = (tf, xs) -> tf.reduceSum(tf.math.mul(tf.math.square(xs.get(0)), xs.get(0)),
        GradientCheck.allAxes(tf, xs.get(0).shape()));
    Input x = gaussian(rng, 1, 5);
    assertThat(gradientOpTypes(cube, x)).contains("OnesLike");
    assertHessianVectorProduct(cube, 17, x);
    assertGradient((tf, xs) -> tf.math.add(weightedSum(tf, tf.onesLike(xs.get(0)), 18),
        weightedSum(tf, xs.get(0), 19)), x);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat64> raw(org.tensorflow.Output<?> o) {
    return (Operand<TFloat64>) o;
  }

}
