package org.l2o.core.policy;

import java.util.Arrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras-compatible {@link Initializer}s (spec §3.3, §4.2, §17). Values are drawn from the caller's
 * {@link java.util.Random}, so a seeded generator gives deterministic tensors; bit-exact TensorFlow
 * streams are not reproduced.
 */
public final class Initializers {

  private Initializers() {}

  /** {@return an initializer of all zeros (Keras {@code zeros}, the default bias initializer)} */
  public static Initializer zeros() {
    return constant(0f);
  }

  /** {@return an initializer of all ones} */
  public static Initializer ones() {
    return constant(1f);
  }

  /**
   * Every value equal to {@code value}.
   *
   * @param value the value
   * @return the constant initializer
   */
  public static Initializer constant(float value) {
    return (shape, rng) -> {
      float[] v = new float[size(shape)];
      Arrays.fill(v, value);
      return v;
    };
  }

  /**
   * Keras {@code GlorotUniform}: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)), using
   * Keras fans ({@link #fans}): Dense kernel [in, out] gives (in, out); conv kernel [k, k, c_in, f] gives
   * (k*k*c_in, k*k*f).
   *
   * @return the initializer
   */
  public static Initializer glorotUniform() {
    return (shape, rng) -> {
      double limit = glorotLimit(shape);
      float[] v = new float[size(shape)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
      }
      return v;
    };
  }

  /**
   * sqrt(6 / (fan_in + fan_out)) for a tensor of this shape.
   *
   * @param shape the tensor's shape
   * @return the limit of the uniform draw
   */
  public static double glorotLimit(Shape shape) {
    long[] f = fans(shape);
    return Math.sqrt(6.0 / (f[0] + f[1]));
  }

  /**
   * Keras {@code _compute_fans}: rank 0 gives (1, 1); rank 1 gives (n, n); rank 2 [in, out] gives
   * (in, out); higher ranks multiply both by the receptive field size (product of all but the last two
   * dimensions).
   *
   * @param shape the tensor's shape
   * @return {fan_in, fan_out}
   */
  public static long[] fans(Shape shape) {
    int r = shape.numDimensions();
    if (r == 0) {
      return new long[] {1, 1};
    }
    if (r == 1) {
      return new long[] {shape.get(0), shape.get(0)};
    }
    long receptive = 1;
    for (int i = 0; i < r - 2; i++) {
      receptive *= shape.get(i);
    }
    return new long[] {shape.get(r - 2) * receptive, shape.get(r - 1) * receptive};
  }

  /**
   * Keras {@code Orthogonal(gain)}: for a shape flattened to rows = prod(all but last) and cols = last,
   * draw a normal matrix of shape [max(rows, cols), min(rows, cols)], take Q of its thin QR
   * decomposition with the signs fixed by diag(R) &gt; 0, transpose it when rows &lt; cols, and scale by gain.
   * For an LSTM recurrent kernel [u, 4u] the rows are orthonormal. The QR is modified Gram-Schmidt
   * (applied twice for accuracy) in double precision; with positive diag(R) the factor is unique, so it
   * equals Keras' Householder result times sign(diag R).
   *
   * @param gain the factor of the orthogonal matrix
   * @return the initializer
   */
  public static Initializer orthogonal(double gain) {
    return (shape, rng) -> {
      if (shape.numDimensions() < 2) {
        throw new IllegalArgumentException("orthogonal initializer needs rank >= 2, got shape " + shape);
      }
      int cols = Math.toIntExact(shape.get(shape.numDimensions() - 1));
      int rows = size(shape) / cols;
      int m = Math.max(rows, cols);
      int n = Math.min(rows, cols);
      // a[j] is column j of the m x n matrix.
      double[][] a = new double[n][m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          a[j][i] = rng.nextGaussian();
        }
      }
      orthonormalizeColumns(a);
      float[] out = new float[rows * cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          // Q is m x n; when rows < cols the result is Q^T (n x m = rows x cols).
          double q = rows >= cols ? a[c][r] : a[r][c];
          out[r * cols + c] = (float) (gain * q);
        }
      }
      return out;
    };
  }

  /**
   * Keras LSTM bias with {@code unit_forget_bias=True}: a vector of length 4*units, zeros except ones in
   * the forget-gate block [units, 2*units) of the gate order i, f, c, o.
   *
   * @param units the LSTM's width u
   * @return the initializer of a [4u] bias
   */
  public static Initializer unitForgetBias(int units) {
    return (shape, rng) -> {
      if (shape.numDimensions() != 1 || shape.get(0) != 4L * units) {
        throw new IllegalArgumentException(
            "unit-forget bias for " + units + " units needs shape [" + 4L * units + "], got " + shape);
      }
      float[] v = new float[4 * units];
      Arrays.fill(v, units, 2 * units, 1f);
      return v;
    };
  }

  /** Gram-Schmidt on the columns, twice ("twice is enough"), leaving positive diag(R) implied. */
  private static void orthonormalizeColumns(double[][] cols) {
    for (int j = 0; j < cols.length; j++) {
      double[] v = cols[j];
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < j; k++) {
          double dot = 0;
          for (int i = 0; i < v.length; i++) {
            dot += cols[k][i] * v[i];
          }
          for (int i = 0; i < v.length; i++) {
            v[i] -= dot * cols[k][i];
          }
        }
      }
      double norm = 0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        throw new IllegalStateException("degenerate random matrix in orthogonal initializer");
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= norm;
      }
    }
  }

  private static int size(Shape shape) {
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("initializers need a fully known shape, got " + shape);
    }
    return Math.toIntExact(shape.size());
  }
}
