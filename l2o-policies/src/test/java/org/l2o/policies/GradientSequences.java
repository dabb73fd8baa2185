package org.l2o.policies;

import java.util.Random;

/**
 * Fixed gradient sequences for golden tests: {@code STEPS} steps of {@code COORDS} coordinates with
 * constant, alternating, tiny, large, random, initially-zero, growing and mixed-magnitude gradients.
 */
public final class GradientSequences {
  /** Number of steps. */
  public static final int STEPS = 20;
  /** Number of coordinates (shaped [2, 4] where a matrix is needed). */
  public static final int COORDS = 8;

  private GradientSequences() {}

  /** {@code [STEPS][COORDS]} gradients, rounded to float32 (what the graph sees). */
  public static double[][] standard() {
    Random rng = new Random(20220131);
    double[][] g = new double[STEPS][COORDS];
    for (int t = 0; t < STEPS; t++) {
      g[t][0] = 0.5;                                           // constant
      g[t][1] = t % 2 == 0 ? 1.0 : -1.0;                       // alternating sign
      g[t][2] = 1e-6 * (rng.nextBoolean() ? 1 : -1);           // tiny, random sign
      g[t][3] = 1e3 * ((t / 3) % 2 == 0 ? 1 : -1);             // large, sign blocks
      g[t][4] = rng.nextGaussian();                            // random normal
      g[t][5] = t < 5 ? 0.0 : 2.0;                             // zero first, then constant
      g[t][6] = 1e-4 * Math.pow(2, t);                         // growing from tiny to large
      g[t][7] = (rng.nextBoolean() ? 1 : -1) * Math.pow(10, -6 + 9 * rng.nextDouble()); // mixed
      for (int i = 0; i < COORDS; i++) {
        g[t][i] = (float) g[t][i];
      }
    }
    return g;
  }

  /** {@code row} as float32. */
  public static float[] toFloat(double[] row) {
    float[] f = new float[row.length];
    for (int i = 0; i < row.length; i++) {
      f[i] = (float) row[i];
    }
    return f;
  }
}
