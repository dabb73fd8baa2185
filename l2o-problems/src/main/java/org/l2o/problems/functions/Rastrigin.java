package org.l2o.problems.functions;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original's {@code Rastrigin} (spec §9.2): f(x) = ‖A x − b‖² − α Σ_i c_i cos(2π x_i) + α n, with A, b,
 * c ~ N(0, 1).
 */
public final class Rastrigin extends FunctionProblem {

  /** α of every Rastrigin problem of the original's evaluation table. */
  public static final float DEFAULT_ALPHA = 10f;

  private final float alpha;

  /**
   * @param name  registry key
   * @param n     dimension
   * @param alpha weight of the cosine term
   * @param steps optimizer steps of one run
   */
  public Rastrigin(String name, int n, float alpha, int steps) {
    super(name, n, steps);
    this.alpha = alpha;
  }

  /** α. */
  public float alpha() {
    return alpha;
  }

  @Override
  public Coefficients draw(Random rng) {
    return gaussian(rng, true);
  }

  @Override
  public Operand<TFloat32> loss(Ops tf, Operand<TFloat32> x, Coefficients coefficients) {
    Operand<TFloat32> cos = tf.math.cos(tf.math.mul(tf.constant((float) (2 * Math.PI)), x));
    Operand<TFloat32> wave = tf.reduceSum(tf.math.mul(tf.constant(coefficients.c()), cos), tf.constant(0));
    return tf.math.add(tf.math.sub(leastSquares(tf, x, coefficients), tf.math.mul(tf.constant(alpha), wave)),
        tf.constant(alpha * dimension()));
  }
}
