package org.l2o.policies.examples;

import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The README's example of a new update rule: sign of a momentum, {@code m <- beta m + (1 - beta) g},
 * {@code delta = lr * sign(m)}. One state tensor per parameter, no weights, the same formula for every
 * coordinate (so it is fusable). Nothing else is needed for it to run as a teacher, inside the meta-training
 * engine, or as a TensorFlow Java optimizer through {@code PolicyOptimizer}.
 */
public final class SignMomentumRule implements UpdateRule {
  private final float learningRate;
  private final float beta;

  /** A rule with learning rate {@code learningRate} and momentum decay {@code beta}. */
  public SignMomentumRule(float learningRate, float beta) {
    this.learningRate = learningRate;
    this.beta = beta;
  }

  @Override
  public String name() {
    return "sign_momentum";
  }

  @Override
  public List<StateSpec> stateSpecs(Shape paramShape) {
    return List.of(StateSpec.float32("m", paramShape)); // starts at zero
  }

  @Override
  public boolean fusable() {
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Step step(Ops tf, StepInput in) {
    Operand<TFloat32> m = (Operand<TFloat32>) in.state().get(0);
    Operand<TFloat32> next = tf.math.add(tf.math.mul(tf.constant(beta), m),
        tf.math.mul(tf.constant(1f - beta), in.grad()));
    return new Step(tf.math.mul(tf.constant(learningRate), tf.math.sign(next)), List.of(next));
  }
}
