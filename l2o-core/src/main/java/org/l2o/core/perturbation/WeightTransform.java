package org.l2o.core.perturbation;

import java.util.Map;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How the student's fed weights become the {@link Weights} its policy reads inside a training graph. The
 * identity is plain meta-training; random noise drawn at every use is another implementation, so
 * stability-aware training needs no change of the engine. The engine calls {@link #apply} once per inner step
 * and trajectory, with that step's {@link StepContext} (its random key and training flag); the returned weights
 * are asked for {@link Weights#forTensor} per optimizee tensor and for each weight at each use.
 */
@FunctionalInterface
public interface WeightTransform {

  /**
   * @param tf      ops of the training graph
   * @param weights the fed weight tensors by name
   * @param context the step: {@code training} is true in meta-training, warm-up and validation (the student
   *                always runs in training mode there, spec §4.1); its key seeds the draws
   * @return the weights the rule reads in this step
   */
  Weights apply(Ops tf, Map<String, Operand<TFloat32>> weights, StepContext context);

  /**
   * True if the weights differ between uses within one step (fresh noise per use): then a caller must not fuse
   * the optimizee's tensors into one call of the rule, which would share one draw across tensors.
   *
   * @return true if every use draws anew
   */
  default boolean drawsPerUse() {
    return false;
  }

  /** Uses the fed weights as they are. */
  WeightTransform IDENTITY = (tf, weights, context) -> (t, name) -> {
    Operand<TFloat32> w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException("policy asked for unknown weight '" + name + "'; known: " + weights.keySet());
    }
    return w;
  };
}
