package org.l2o.problems.functions;

import java.util.Objects;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A function-minimisation problem of the original's {@code evaluate_function} (spec §9.2, §9.3): one parameter
 * vector x ∈ R^n that starts at 0, random coefficients drawn fresh for every run, and a fixed number of
 * plain optimizer steps. Its evaluation records the loss before each update ({@code loss} [steps]).
 */
public abstract class FunctionProblem {

  /** Steps of every function problem of the original's evaluation table. */
  public static final int DEFAULT_STEPS = 1000;

  private final String name;
  private final int dimension;
  private final int steps;

  /**
   * @param name      registry key, e.g. {@code rastrigin10}
   * @param dimension n, the length of x
   * @param steps     optimizer steps of one evaluation run
   */
  protected FunctionProblem(String name, int dimension, int steps) {
    this.name = Objects.requireNonNull(name, "name");
    if (dimension < 1 || steps < 1) {
      throw new IllegalArgumentException(name + ": dimension and steps must be >= 1, got " + dimension + ", " + steps);
    }
    this.dimension = dimension;
    this.steps = steps;
  }

  /** Registry key. */
  public final String name() {
    return name;
  }

  /** n: the number of parameters (x ∈ R^n). */
  public final int dimension() {
    return dimension;
  }

  /** Optimizer steps of one evaluation run. */
  public final int steps() {
    return steps;
  }

  /**
   * The random coefficients of one run (the original draws them unseeded from N(0, 1) with
   * {@code tf.random.normal}, in the order A [n, n], b [n], c [n]); here from {@code rng}, in that order.
   */
  public abstract Coefficients draw(Random rng);

  /**
   * The scalar loss at x.
   *
   * @param x [n]
   */
  public abstract Operand<TFloat32> loss(Ops tf, Operand<TFloat32> x, Coefficients coefficients);

  /** ‖A x − b‖², the common term: A [n, n] row-major, so (A x)_i = Σ_j A[i, j] x_j ({@code tf.linalg.matvec}). */
  protected final Operand<TFloat32> leastSquares(Ops tf, Operand<TFloat32> x, Coefficients k) {
    Operand<TFloat32> a = tf.constant(org.tensorflow.ndarray.Shape.of(dimension, dimension),
        org.tensorflow.ndarray.buffer.DataBuffers.of(k.a(), true, false));
    Operand<TFloat32> ax = tf.reshape(tf.linalg.matMul(a, tf.reshape(x, tf.constant(new long[] {dimension, 1}))),
        tf.constant(new long[] {dimension}));
    Operand<TFloat32> r = tf.math.sub(ax, tf.constant(k.b()));
    return tf.reduceSum(tf.math.square(r), tf.constant(0));
  }

  /** Draws n·n, then n, then (when {@code withC}) n standard normal floats. */
  protected final Coefficients gaussian(Random rng, boolean withC) {
    float[] a = normal(rng, dimension * dimension);
    float[] b = normal(rng, dimension);
    float[] c = withC ? normal(rng, dimension) : new float[0];
    return new Coefficients(a, b, c);
  }

  private static float[] normal(Random rng, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) rng.nextGaussian();
    }
    return out;
  }

  /**
   * The coefficients of one run.
   *
   * @param a A [n, n] row-major
   * @param b b [n]
   * @param c c [n] (Rastrigin only; empty otherwise)
   */
  public record Coefficients(float[] a, float[] b, float[] c) {
    public Coefficients {
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
      Objects.requireNonNull(c, "c");
    }
  }

  @Override
  public String toString() {
    return name + " (n = " + dimension + ", " + steps + " steps)";
  }
}
