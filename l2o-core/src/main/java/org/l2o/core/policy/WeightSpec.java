package org.l2o.core.policy;

import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * One float32 weight tensor of a learned policy (meta-parameters), with the initializer used when the
 * policy is created from scratch.
 *
 * @param name        checkpoint name relative to the policy, e.g. {@code "network/recurrent/0/kernel"}
 * @param shape       static shape
 * @param initializer how fresh weights are drawn
 */
public record WeightSpec(String name, Shape shape, Initializer initializer) {
  /**
   * Checks that no component is null.
   *
   * @param name checkpoint name relative to the policy
   * @param shape static shape
   * @param initializer how fresh weights are drawn
   * @throws NullPointerException if a component is null
   */
  public WeightSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(initializer, "initializer");
  }
}
