package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.l2o.core.tf.GradTestSupport.assertGradient;
import static org.l2o.core.tf.GradTestSupport.assertHessianVectorProduct;
import static org.l2o.core.tf.GradTestSupport.gaussian;
import static org.l2o.core.tf.GradTestSupport.gradientOpTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.tf.GradientCheck.Input;
import org.l2o.core.tf.GradientCheck.ScalarFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Second-order gradients through small networks, float64: Hessian-vector products of the loss of
 * conv->relu->maxpool->conv->relu->dense->sparse CE, a strided conv net, and MLPs with sigmoid and tanh
 * (exercising ReluGrad, BiasAddGrad, MaxPoolGradV2, Conv2DBackpropFilter, Conv2DBackpropInput, SigmoidGrad,
 * TanhGrad, the sparse CE backprop and OnesLike gradients), plus the L2O pattern: the loss after an
 * unrolled gradient step, differentiated with respect to the step size and the start point.
 */
class SecondOrderNetworkGradientsTest {

  private static final int[] LABELS = {2, 0, 1};
  private final Random rng = new Random(7);

  private static List<Long> strides(long s) {
    return List.of(1L, s, s, 1L);
  }

  /** x [3,8,8,1]; conv 3x3x1x2 -> relu -> pool 2 -> conv 2x2x2x3 -> relu -> flatten 12 -> dense 3 -> CE. */
  private static Operand<TFloat64> convNetLoss(Ops tf, List<Operand<TFloat64>> p, Operand<TFloat64> x) {
    Operand<TInt32> k = tf.constant(new int[] {1, 2, 2, 1});
    Operand<TFloat64> h = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, p.get(0), strides(1), "VALID"), p.get(1)));
    h = tf.nn.maxPool(h, k, k, "VALID");
    h = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(h, p.get(2), strides(1), "VALID"), p.get(3)));
    h = tf.reshape(h, tf.constant(new int[] {3, 12}));
    Operand<TFloat64> logits = tf.nn.biasAdd(tf.linalg.matMul(h, p.get(4)), p.get(5));
    return Losses.meanSparseSoftmaxCrossEntropy(tf, logits, tf.constant(LABELS));
  }

  private List<Input> convNetPoint() {
    return List.of(gaussian(rng, 0.7, 3, 3, 1, 2), gaussian(rng, 0.1, 2), gaussian(rng, 0.7, 2, 2, 2, 3),
        gaussian(rng, 0.1, 3), gaussian(rng, 0.5, 12, 3), gaussian(rng, 0.1, 3), gaussian(rng, 1, 3, 8, 8, 1));
  }

  private static ScalarFunction convNet() {
    return (tf, xs) -> convNetLoss(tf, xs.subList(0, 6), xs.get(6));
  }

  @Test
  void convReluMaxPoolDenseCrossEntropyHessianVectorProduct() {
    Input[] point = convNetPoint().toArray(new Input[0]);
    assertThat(gradientOpTypes(convNet(), point)).contains("ReluGrad", "BiasAddGrad", "MaxPoolGradV2",
        "Conv2DBackpropFilter", "Conv2DBackpropInput", "SparseSoftmaxCrossEntropyWithLogits", "OnesLike");
    assertGradient(convNet(), point);
    assertHessianVectorProduct(convNet(), 1, point);
    assertHessianVectorProduct(convNet(), 2, point);
  }

  @Test
  void stridedConvNetHessianVectorProduct() {
    // x [2,7,7,2]; conv 3x3x2x3 stride 2 -> 3x3x3 -> tanh -> flatten 27 -> dense 4 -> CE.
    ScalarFunction f = (tf, xs) -> {
      Operand<TFloat64> h = tf.math.tanh(tf.nn.biasAdd(
          tf.nn.conv2d(xs.get(0), xs.get(1), strides(2), "VALID"), xs.get(2)));
      Operand<TFloat64> logits = tf.linalg.matMul(tf.reshape(h, tf.constant(new int[] {2, 27})), xs.get(3));
      return Losses.meanSparseSoftmaxCrossEntropy(tf, logits, tf.constant(new int[] {3, 1}));
    };
    assertHessianVectorProduct(f, 3, gaussian(rng, 1, 2, 7, 7, 2), gaussian(rng, 0.5, 3, 3, 2, 3),
        gaussian(rng, 0.1, 3), gaussian(rng, 0.5, 27, 4));
  }

  private static ScalarFunction mlp(boolean sigmoid) {
    // x [4,5] -> dense 6 (sigmoid|tanh) -> dense 3 -> CE.
    return (tf, xs) -> {
      Operand<TFloat64> z = tf.nn.biasAdd(tf.linalg.matMul(xs.get(0), xs.get(1)), xs.get(2));
      Operand<TFloat64> h = sigmoid ? tf.math.sigmoid(z) : tf.math.tanh(z);
      Operand<TFloat64> logits = tf.nn.biasAdd(tf.linalg.matMul(h, xs.get(3)), xs.get(4));
      return Losses.meanSparseSoftmaxCrossEntropy(tf, logits, tf.constant(new int[] {0, 2, 1, 2}));
    };
  }

  private Input[] mlpPoint() {
    return new Input[] {gaussian(rng, 1, 4, 5), gaussian(rng, 0.7, 5, 6), gaussian(rng, 0.3, 6),
        gaussian(rng, 0.7, 6, 3), gaussian(rng, 0.3, 3)};
  }

  @Test
  void sigmoidMlpHessianVectorProduct() {
    Input[] point = mlpPoint();
    assertThat(gradientOpTypes(mlp(true), point)).contains("SigmoidGrad", "BiasAddGrad");
    assertHessianVectorProduct(mlp(true), 4, point);
  }

  @Test
  void tanhMlpHessianVectorProduct() {
    Input[] point = mlpPoint();
    assertThat(gradientOpTypes(mlp(false), point)).contains("TanhGrad");
    assertHessianVectorProduct(mlp(false), 5, point);
  }

  @Test
  void lossAfterTwoUnrolledGradientStepsWithRespectToStepSizeAndStart() {
    // theta_{t+1} = theta_t - lr * grad L(theta_t) with no stop-gradient: the meta-gradient keeps the
    // second-order terms, exactly as the original's unrolled meta-training does.
    List<Input> net = convNetPoint();
    Input x = net.get(6);
    ScalarFunction meta = (tf, xs) -> {
      Operand<TFloat64> lr = xs.get(0);
      List<Operand<TFloat64>> theta = new ArrayList<>(xs.subList(1, 7));
      Operand<TFloat64> images = GradTestSupport.constant(tf, x);
      Operand<TFloat64> metaLoss = tf.constant(0.0);
      for (int step = 0; step < 2; step++) {
        Operand<TFloat64> loss = convNetLoss(tf, theta, images);
        Output<?>[] g = ((Graph) tf.scope().env()).addGradients(loss.asOutput(),
            theta.stream().map(Operand::asOutput).toArray(Output[]::new));
        List<Operand<TFloat64>> next = new ArrayList<>();
        for (int i = 0; i < theta.size(); i++) {
          @SuppressWarnings("unchecked")
          Operand<TFloat64> gi = (Operand<TFloat64>) g[i];
          next.add(tf.math.sub(theta.get(i), tf.math.mul(lr, gi)));
        }
        theta = next;
        metaLoss = tf.math.add(metaLoss, tf.math.log(convNetLoss(tf, theta, images)));
      }
      return metaLoss;
    };
    List<Input> point = new ArrayList<>();
    point.add(new Input(org.tensorflow.ndarray.Shape.scalar(), new double[] {0.3}));
    point.addAll(net.subList(0, 6));
    assertGradient(meta, point.toArray(new Input[0]));
  }
}
