package org.l2o.core.policy;

import java.util.Random;
import org.tensorflow.ndarray.Shape;

/** Draws the initial host-side values of a float32 tensor (row-major). */
@FunctionalInterface
public interface Initializer {
  /**
   * @param shape the tensor's shape
   * @param rng   the random source; deterministic for a seeded {@link Random}
   * @return {@code shape.size()} values in row-major order
   */
  float[] sample(Shape shape, Random rng);
}
