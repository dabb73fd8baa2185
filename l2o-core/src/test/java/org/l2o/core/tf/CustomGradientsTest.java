package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.TensorFlow;

class CustomGradientsTest {

  @Test
  void ensureRegisteredTwiceIsFine() {
    CustomGradients.ensureRegistered();
    CustomGradients.ensureRegistered();
    assertThat(CustomGradients.registeredOpTypes()).contains(
        "SparseSoftmaxCrossEntropyWithLogits", "ReluGrad", "BiasAddGrad", "MaxPoolGradV2", "MaxPoolGrad",
        "Conv2DBackpropFilter", "SigmoidGrad", "TanhGrad", "OnesLike", "SqrtGrad", "RsqrtGrad",
        "ReciprocalGrad", "StridedSliceGrad");
  }

  @Test
  void tensorFlowRefusesASecondRegistrationOfTheSameOpType() {
    // The premise of the loud failure: TensorFlow keeps the first gradient and only returns false.
    CustomGradients.ensureRegistered();
    boolean accepted = TensorFlow.registerCustomGradient("ReluGrad",
        (tf, op, grads) -> List.of(tf.zerosLike(op.input(0)), tf.zerosLike(op.input(1))));
    assertThat(accepted).isFalse();
  }

  @Test
  void registerAllFailsLoudlyNamingTheRefusedOpType() {
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> CustomGradients.registerAll((opType, gradient) -> {
      seen.add(opType);
      return !opType.equals("TanhGrad");
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("'TanhGrad'");
    assertThat(seen).endsWith("TanhGrad");
  }

  @Test
  void registerAllRegistersEveryListedOpTypeOnce() {
    List<String> seen = new ArrayList<>();
    CustomGradients.registerAll((opType, gradient) -> seen.add(opType));
    assertThat(seen).containsExactlyElementsOf(CustomGradients.registeredOpTypes()).doesNotHaveDuplicates();
  }
}
