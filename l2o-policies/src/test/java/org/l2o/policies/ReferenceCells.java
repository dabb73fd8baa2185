package org.l2o.policies;

/**
 * Keras cells and Dense layers written out in plain double-precision Java from the spec's formulas (§4.2, §17 on
 * §4.6), independent of the graph code, for one coordinate (one row of the batch). Weights are row-major float
 * arrays as the policies store them.
 */
public final class ReferenceCells {
  private ReferenceCells() {}

  /** Logistic sigmoid. */
  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * One Keras LSTMCell step (gates i, f, c, o); updates {@code c} in place and returns the new h.
   *
   * @param kernel [in, 4u], rec [u, 4u], bias [4u]
   */
  public static double[] lstm(double[] x, double[] h, double[] c, float[] kernel, float[] rec, float[] bias) {
    int u = h.length;
    double[] z = new double[4 * u];
    for (int j = 0; j < 4 * u; j++) {
      double s = bias[j];
      for (int k = 0; k < x.length; k++) {
        s += x[k] * kernel[k * 4 * u + j];
      }
      for (int k = 0; k < u; k++) {
        s += h[k] * rec[k * 4 * u + j];
      }
      z[j] = s;
    }
    double[] hNext = new double[u];
    for (int k = 0; k < u; k++) {
      double i = sigmoid(z[k]);
      double f = sigmoid(z[u + k]);
      double cand = Math.tanh(z[2 * u + k]);
      double o = sigmoid(z[3 * u + k]);
      c[k] = f * c[k] + i * cand;
      hNext[k] = o * Math.tanh(c[k]);
    }
    return hNext;
  }

  /**
   * One Keras GRUCell step with reset_after=True (gates z, r, h; bias row 0 input, row 1 recurrent).
   *
   * @param kernel [in, 3u], rec [u, 3u], bias [2, 3u]
   */
  public static double[] gru(double[] x, double[] h, float[] kernel, float[] rec, float[] bias) {
    int u = h.length;
    double[] xw = new double[3 * u];
    double[] hu = new double[3 * u];
    for (int j = 0; j < 3 * u; j++) {
      double a = bias[j];
      for (int k = 0; k < x.length; k++) {
        a += x[k] * kernel[k * 3 * u + j];
      }
      double b = bias[3 * u + j];
      for (int k = 0; k < u; k++) {
        b += h[k] * rec[k * 3 * u + j];
      }
      xw[j] = a;
      hu[j] = b;
    }
    double[] out = new double[u];
    for (int k = 0; k < u; k++) {
      double z = sigmoid(xw[k] + hu[k]);
      double r = sigmoid(xw[u + k] + hu[u + k]);
      double cand = Math.tanh(xw[2 * u + k] + r * hu[2 * u + k]);
      out[k] = z * h[k] + (1 - z) * cand;
    }
    return out;
  }

  /** Dense(1) without activation: x · kernel + bias. */
  public static double dense1(double[] x, float[] kernel, float[] bias) {
    double s = bias[0];
    for (int k = 0; k < x.length; k++) {
      s += x[k] * kernel[k];
    }
    return s;
  }
}
