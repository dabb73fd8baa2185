package org.l2o.core.problem;

import java.util.Objects;
import org.l2o.core.policy.Initializer;
import org.tensorflow.ndarray.Shape;

/**
 * One parameter tensor of an optimizee network.
 *
 * @param name        e.g. {@code "conv_0/kernel"}
 * @param shape       static shape
 * @param initializer Glorot-uniform for kernels, zeros for biases
 */
public record ParamSpec(String name, Shape shape, Initializer initializer) {
  /**
   * Checks that no component is null.
   *
   * @param name e.g. {@code "conv_0/kernel"}
   * @param shape static shape
   * @param initializer draws the initial values
   * @throws NullPointerException if a component is null
   */
  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(initializer, "initializer");
  }

  /**
   * Number of scalars in the tensor.
   *
   * @return {@code shape.size()}
   */
  public long size() {
    return shape.size();
  }
}
