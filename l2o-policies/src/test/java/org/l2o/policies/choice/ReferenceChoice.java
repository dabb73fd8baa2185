package org.l2o.policies.choice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.l2o.policies.ReferenceRules;

/**
 * The choice policy of spec §4.5 / §17 written out in plain double-precision Java for one parameter tensor,
 * independent of the graph code: pool updates u_j from {@link ReferenceRules}, inputs [u_1..u_K, t / time_scale,
 * rank == 1, rank == 2, rank == 3] with t read before its increment, two Keras LSTM layers, logits z = h W + b,
 * w = exp(z) / (sum exp(z) + eps) (hardness 0 only), delta = lr * sum_j w_j u_j.
 */
final class ReferenceChoice {
  private final Map<String, double[]> w;
  private final List<ReferenceRules.Reference> pool = new ArrayList<>();
  private final int n;
  private final int rank;
  private final int units;
  private final int layers;
  private final double lr;
  private final double eps;
  private final double timeScale;
  private final double[][][] h;
  private final double[][][] c;
  private long t;
  /** Per member, the sum of its weights over the coordinates at the last step. */
  double[] choices;

  ReferenceChoice(Map<String, double[]> weights, List<Supplier<ReferenceRules.Reference>> members, int n, int rank,
      int layers, int units, double lr, double eps, double timeScale, long t0) {
    this.w = weights;
    members.forEach(m -> pool.add(m.get()));
    this.n = n;
    this.rank = rank;
    this.units = units;
    this.layers = layers;
    this.lr = lr;
    this.eps = eps;
    this.timeScale = timeScale;
    this.t = t0;
    this.h = new double[layers][n][units];
    this.c = new double[layers][n][units];
  }

  double[] step(double[] g) {
    int k = pool.size();
    double[][] u = new double[k][];
    for (int j = 0; j < k; j++) {
      u[j] = pool.get(j).step(g);
    }
    double time = t / timeScale;
    t++;
    double[] delta = new double[n];
    choices = new double[k];
    for (int i = 0; i < n; i++) {
      double[] x = new double[k + 4];
      for (int j = 0; j < k; j++) {
        x[j] = u[j][i];
      }
      x[k] = time;
      x[k + 1] = rank == 1 ? 1 : 0;
      x[k + 2] = rank == 2 ? 1 : 0;
      x[k + 3] = rank == 3 ? 1 : 0;
      for (int l = 0; l < layers; l++) {
        x = lstm(l, x, i);
      }
      double[] z = new double[k];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        z[j] = w.get(ChoicePolicy.CHOICE_BIAS)[j];
        for (int q = 0; q < units; q++) {
          z[j] += x[q] * w.get(ChoicePolicy.CHOICE_KERNEL)[q * k + j];
        }
        sum += Math.exp(z[j]);
      }
      for (int j = 0; j < k; j++) {
        double wj = Math.exp(z[j]) / (sum + eps);
        choices[j] += wj;
        delta[i] += lr * wj * u[j][i];
      }
    }
    return delta;
  }

  private double[] lstm(int l, double[] x, int i) {
    double[] kernel = w.get("network/recurrent/" + l + "/kernel");
    double[] rec = w.get("network/recurrent/" + l + "/recurrent_kernel");
    double[] bias = w.get("network/recurrent/" + l + "/bias");
    int g4 = 4 * units;
    double[] z = new double[g4];
    for (int j = 0; j < g4; j++) {
      double s = bias[j];
      for (int q = 0; q < x.length; q++) {
        s += x[q] * kernel[q * g4 + j];
      }
      for (int q = 0; q < units; q++) {
        s += h[l][i][q] * rec[q * g4 + j];
      }
      z[j] = s;
    }
    double[] hNext = new double[units];
    for (int q = 0; q < units; q++) {
      double ig = sigmoid(z[q]);
      double fg = sigmoid(z[units + q]);
      double cand = Math.tanh(z[2 * units + q]);
      double og = sigmoid(z[3 * units + q]);
      c[l][i][q] = fg * c[l][i][q] + ig * cand;
      hNext[q] = og * Math.tanh(c[l][i][q]);
    }
    h[l][i] = hNext;
    return hNext;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
