package org.l2o.problems.functions;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The original's {@code Quadratic} (spec §9.2): f(x) = ‖A x − b‖², A, b ~ N(0, 1). */
public final class Quadratic extends FunctionProblem {

  /**
   * @param name  registry key
   * @param n     dimension
   * @param steps optimizer steps of one run
   */
  public Quadratic(String name, int n, int steps) {
    super(name, n, steps);
  }

  @Override
  public Coefficients draw(Random rng) {
    return gaussian(rng, false);
  }

  @Override
  public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> x, Coefficients coefficients) {
    return leastSquares(tf, x, coefficients);
  }
}
