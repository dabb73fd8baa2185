package org.l2o.core.train;

import java.util.Map;
import org.l2o.core.policy.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How the student's fed weights become the {@link Weights} its policy reads inside an unroll graph. The
 * identity is plain meta-training; a weight perturbation (Gaussian noise drawn at every use, an adversarial
 * offset) is another implementation, so stability-aware training needs no change of the engine.
 */
@FunctionalInterface
public interface WeightTransform {

  /**
   * @param tf       ops of the unroll graph
   * @param weights  the fed weight tensors by name
   * @param training true in meta-training, warm-up and validation (the student always runs in training
   *                 mode there, spec §4.1)
   */
  Weights apply(Ops tf, Map<String, Operand<TFloat32>> weights, boolean training);

  /** Uses the fed weights as they are. */
  WeightTransform IDENTITY = (tf, weights, training) -> (t, name) -> {
    Operand<TFloat32> w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException("policy asked for unknown weight '" + name + "'; known: " + weights.keySet());
    }
    return w;
  };
}
