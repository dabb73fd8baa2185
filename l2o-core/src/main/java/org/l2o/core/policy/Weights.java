package org.l2o.core.policy;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Source of a policy's weights inside a graph. The same policy code builds the meta-training graph
 * (weights are trainable variables), the deployment graph (constants) and the perturbed graph
 * (w + delta, freshly drawn at every use): each is one implementation of this interface.
 */
@FunctionalInterface
public interface Weights {
  /**
   * Returns the weight tensor to use at this point of the graph. Called once per use, so a perturbing
   * implementation may return a fresh perturbation each time.
   *
   * @param tf   the ops factory of the graph being built
   * @param name the {@link WeightSpec#name()} of the weight
   * @return the weight, float32 of the spec's shape
   */
  Operand<TFloat32> get(Ops tf, String name);

  /**
   * The weights as the rule's step on optimizee tensor {@code index} reads them. The default is this object; a
   * perturbation that draws fresh noise at every use returns weights whose draws are keyed by the tensor, so
   * that no two tensors share a draw (spec §8, §17).
   *
   * @param index the tensor's index in the optimizee
   * @return the weights for that tensor's step
   */
  default Weights forTensor(int index) {
    return this;
  }

  /** Weights of a policy that has none (analytical rules). */
  Weights NONE = (tf, name) -> {
    throw new IllegalArgumentException("this policy has no weight named '" + name + "'");
  };
}
