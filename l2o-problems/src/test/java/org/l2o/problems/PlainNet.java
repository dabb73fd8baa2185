package org.l2o.problems;

/**
 * Plain-Java (double) forward passes of the layers of the average head and the NAS cell, written from the
 * spec's formulas (Keras Conv2D VALID / SAME, MaxPooling2D, AveragePooling2D SAME excluding padded cells,
 * softmax over channels, global mean, Dense), as an independent reference for the graphs. An image is
 * [H][W][C]; a kernel is the row-major float array of shape [k, k, C_in, f].
 */
final class PlainNet {

  private PlainNet() {}

  /** Conv2D, stride s; SAME pads (k - 1) / 2 before (stride 1, odd k); relu when asked. */
  static double[][][] conv(double[][][] x, float[] kernel, float[] bias, int k, int s, int f, boolean same,
      boolean relu) {
    int h = x.length;
    int w = x[0].length;
    int c = x[0][0].length;
    int pad = same ? (k - 1) / 2 : 0;
    int oh = same ? h : (h - k) / s + 1;
    int ow = same ? w : (w - k) / s + 1;
    double[][][] y = new double[oh][ow][f];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int o = 0; o < f; o++) {
          double z = bias[o];
          for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
              int r = i * s + a - pad;
              int q = j * s + b - pad;
              if (r < 0 || q < 0 || r >= h || q >= w) {
                continue;
              }
              for (int ci = 0; ci < c; ci++) {
                z += x[r][q][ci] * kernel[((a * k + b) * c + ci) * f + o];
              }
            }
          }
          y[i][j][o] = relu ? Math.max(z, 0) : z;
        }
      }
    }
    return y;
  }

  /** MaxPooling2D(p), stride p, VALID. */
  static double[][][] maxPool(double[][][] x, int p) {
    int oh = (x.length - p) / p + 1;
    int ow = (x[0].length - p) / p + 1;
    int c = x[0][0].length;
    double[][][] y = new double[oh][ow][c];
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int ci = 0; ci < c; ci++) {
          double m = Double.NEGATIVE_INFINITY;
          for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
              m = Math.max(m, x[i * p + a][j * p + b][ci]);
            }
          }
          y[i][j][ci] = m;
        }
      }
    }
    return y;
  }

  /** AveragePooling2D 2x2, stride 1, SAME: the window (i..i+1, j..j+1), cells outside the image left out. */
  static double[][][] avgPool2Same(double[][][] x) {
    int h = x.length;
    int w = x[0].length;
    int c = x[0][0].length;
    double[][][] y = new double[h][w][c];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int ci = 0; ci < c; ci++) {
          double sum = 0;
          int n = 0;
          for (int a = i; a < Math.min(i + 2, h); a++) {
            for (int b = j; b < Math.min(j + 2, w); b++) {
              sum += x[a][b][ci];
              n++;
            }
          }
          y[i][j][ci] = sum / n;
        }
      }
    }
    return y;
  }

  /** Element-wise sum. */
  static double[][][] add(double[][][] a, double[][][] b) {
    double[][][] y = new double[a.length][a[0].length][a[0][0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        for (int c = 0; c < a[0][0].length; c++) {
          y[i][j][c] = a[i][j][c] + b[i][j][c];
        }
      }
    }
    return y;
  }

  /** Softmax over the channels of every pixel. */
  static double[][][] softmaxChannels(double[][][] x) {
    double[][][] y = new double[x.length][x[0].length][];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x[i][j]) {
          m = Math.max(m, v);
        }
        double sum = 0;
        double[] e = new double[x[i][j].length];
        for (int c = 0; c < e.length; c++) {
          e[c] = Math.exp(x[i][j][c] - m);
          sum += e[c];
        }
        for (int c = 0; c < e.length; c++) {
          e[c] /= sum;
        }
        y[i][j] = e;
      }
    }
    return y;
  }

  /** Mean over H and W. */
  static double[] globalMean(double[][][] x) {
    int c = x[0][0].length;
    double[] y = new double[c];
    for (double[][] row : x) {
      for (double[] px : row) {
        for (int ci = 0; ci < c; ci++) {
          y[ci] += px[ci];
        }
      }
    }
    for (int ci = 0; ci < c; ci++) {
      y[ci] /= (double) x.length * x[0].length;
    }
    return y;
  }

  /** x W + b, W [D, units] row-major. */
  static double[] dense(double[] x, float[] kernel, float[] bias) {
    int units = bias.length;
    double[] y = new double[units];
    for (int u = 0; u < units; u++) {
      double z = bias[u];
      for (int d = 0; d < x.length; d++) {
        z += x[d] * kernel[d * units + u];
      }
      y[u] = z;
    }
    return y;
  }

  /** Keras sparse cross-entropy of softmax logits: logsumexp(z) - z_y. */
  static double crossEntropy(double[] logits, int label) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      m = Math.max(m, v);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v - m);
    }
    return m + Math.log(sum) - logits[label];
  }

  /** Keras sparse cross-entropy of probabilities that are not a Softmax op: clip to [1e-7, 1 - 1e-7], then as logits of their log. */
  static double crossEntropyOfProbabilities(double[] p, int label) {
    double[] logits = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      logits[i] = Math.log(Math.min(Math.max(p[i], 1e-7), 1 - 1e-7));
    }
    return crossEntropy(logits, label);
  }

  /** One example of a row-major NHWC batch as [H][W][C]. */
  static double[][][] image(float[] batch, int index, int h, int w, int c) {
    double[][][] x = new double[h][w][c];
    int off = index * h * w * c;
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        for (int k = 0; k < c; k++) {
          x[i][j][k] = batch[off + (i * w + j) * c + k];
        }
      }
    }
    return x;
  }
}
