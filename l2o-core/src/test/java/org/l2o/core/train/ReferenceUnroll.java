package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent plain-Java (double) implementation of one window of spec §5.3 and of the warm-up of §5.5 for
 * {@link TinyProblem} with the rules of {@link TinyRules} (learned: {@code m <- m/2 + g/2},
 * {@code delta = tanh(a0 g + a1 m + a2) / 2}; SGD: {@code delta = lr g}). Written from the spec's formulas, not
 * from the engine: the problem's loss and gradient are hand-derived back-propagation, trajectories live in
 * internal coordinates {@code theta~ = theta / s}, teachers with oracle scaling see {@code theta~ s} and
 * {@code g~ / s} and return {@code delta / s}.
 */
final class ReferenceUnroll {
  static final int INPUTS = 4;
  static final int HIDDEN = 3;
  static final int CLASSES = 2;
  static final int N = INPUTS * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES;

  /** A trajectory's rule. */
  interface Rule {
    /** Number of state entries per coordinate. */
    int stateSize();

    /** The update of coordinate values {@code g} with state {@code state} (updated in place). */
    double[] step(double[] g, double[][] state);
  }

  /** TinyRules.learned with weights {@code a}. */
  static Rule learned(double[] a) {
    return new Rule() {
      public int stateSize() {
        return 1;
      }

      public double[] step(double[] g, double[][] state) {
        double[] d = new double[g.length];
        for (int j = 0; j < g.length; j++) {
          double m = 0.5 * state[0][j] + 0.5 * g[j];
          state[0][j] = m;
          d[j] = 0.5 * Math.tanh(a[0] * g[j] + a[1] * m + a[2]);
        }
        return d;
      }
    };
  }

  /** TinyRules.sgd. */
  static Rule sgd(double lr) {
    return new Rule() {
      public int stateSize() {
        return 0;
      }

      public double[] step(double[] g, double[][] state) {
        double[] d = new double[g.length];
        for (int j = 0; j < g.length; j++) {
          d[j] = lr * g[j];
        }
        return d;
      }
    };
  }

  /** The loss settings the reference knows (the fields of {@link UnrollOptions} it reads). */
  record Settings(boolean log, boolean scaleObjective, boolean reduceMax, UnrollOptions.UnrollWeight weight,
      double epsilon, double huberDelta, double maxMultiplier, boolean oracle) {
    static Settings of(UnrollOptions o) {
      return new Settings(o.useLogObjective(), o.scaleObjective(), o.reduce() == UnrollOptions.Reduce.MAX,
          o.unrollWeight(), o.epsilon(), o.huberDelta(), o.objTrainMaxMultiplier(), o.teacherOracleScaling());
    }
  }

  /** The values of one window. */
  record Result(double meta, double imitation, double[] counts, double[][] distances, double[][] thetas,
      double[][] studentState, int steps, double[][] studentGradients) {}

  private ReferenceUnroll() {}

  /** Mean softmax cross-entropy of the flattened parameters on one batch; fills {@code grad} if not null. */
  static double loss(double[] p, double[][] x, int[] y, double[] grad) {
    int w1 = INPUTS * HIDDEN;
    int b1 = w1 + HIDDEN;
    int w2 = b1 + HIDDEN * CLASSES;
    int batch = x.length;
    double total = 0;
    for (int b = 0; b < batch; b++) {
      double[] h = new double[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        double z = p[w1 + u];
        for (int i = 0; i < INPUTS; i++) {
          z += x[b][i] * p[i * HIDDEN + u];
        }
        h[u] = 1 / (1 + Math.exp(-z));
      }
      double[] logits = new double[CLASSES];
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES; c++) {
        logits[c] = p[w2 + c];
        for (int u = 0; u < HIDDEN; u++) {
          logits[c] += h[u] * p[b1 + u * CLASSES + c];
        }
        max = Math.max(max, logits[c]);
      }
      double sum = 0;
      for (int c = 0; c < CLASSES; c++) {
        sum += Math.exp(logits[c] - max);
      }
      total += max + Math.log(sum) - logits[y[b]];
      if (grad != null) {
        double[] dLogits = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
          dLogits[c] = (Math.exp(logits[c] - max) / sum - (c == y[b] ? 1 : 0)) / batch;
          grad[w2 + c] += dLogits[c];
        }
        for (int u = 0; u < HIDDEN; u++) {
          double dh = 0;
          for (int c = 0; c < CLASSES; c++) {
            grad[b1 + u * CLASSES + c] += h[u] * dLogits[c];
            dh += dLogits[c] * p[b1 + u * CLASSES + c];
          }
          double dz = dh * h[u] * (1 - h[u]);
          grad[w1 + u] += dz;
          for (int i = 0; i < INPUTS; i++) {
            grad[i * HIDDEN + u] += x[b][i] * dz;
          }
        }
      }
    }
    return total / batch;
  }

  /**
   * One window of spec §5.3.
   *
   * @param theta0 the internal start parameters, one per trajectory (student first)
   * @param rules  the trajectories' rules, student first (states start at zero)
   * @param x      per step, the batch's inputs [B][4]
   * @param y      per step, the labels
   */
  static Result unroll(Settings o, double[] s, double[][] theta0, List<Rule> rules, double[][][] x, int[][] y) {
    return unroll(o, s, theta0, rules, x, y, null);
  }

  /**
   * As {@link #unroll(Settings, double[], double[][], List, double[][][], int[][])}; with {@code fixed} not null the
   * student's rule reads these internal gradients (one row per step) instead of its own, as a first-order
   * meta-gradient treats them (the losses are still those of the actual parameters).
   */
  static Result unroll(Settings o, double[] s, double[][] theta0, List<Rule> rules, double[][][] x, int[][] y,
      double[][] fixed) {
    int k = rules.size();
    int u = x.length;
    double[][] theta = new double[k][];
    double[][][] state = new double[k][][];
    for (int t = 0; t < k; t++) {
      theta[t] = theta0[t].clone();
      state[t] = new double[rules.get(t).stateSize()][N];
    }
    double[] init = new double[N];
    for (int j = 0; j < N; j++) {
      init[j] = theta0[0][j] * s[j];
    }
    double meta = 0;
    double imitation = 0;
    double[] counts = new double[Math.max(k - 1, 1)];
    double[][] distances = new double[u][k - 1];
    double[][] studentGradients = new double[u][];
    int steps = 0;
    for (int i = 0; i < u; i++) {
      double w = o.weight().weight(i, u);
      double fStudent = 0;
      for (int t = 0; t < k; t++) {
        double[] p = new double[N];
        for (int j = 0; j < N; j++) {
          p[j] = theta[t][j] * s[j];
        }
        double[] g = new double[N];
        double f = loss(p, x[i], y[i], g);
        if (t == 0) {
          fStudent = f;
        }
        double[] gTilde = new double[N];
        for (int j = 0; j < N; j++) {
          gTilde[j] = g[j] * s[j];
        }
        if (t == 0) {
          studentGradients[i] = gTilde.clone();
          if (fixed != null) {
            gTilde = fixed[i];
          }
        }
        boolean oracle = t > 0 && o.oracle();
        double[] delta = rules.get(t).step(oracle ? g : gTilde, state[t]);
        for (int j = 0; j < N; j++) {
          theta[t][j] -= oracle ? delta[j] / s[j] : delta[j];
        }
      }
      double initObj = o.scaleObjective() ? loss(init, x[i], y[i], null) : 1;
      boolean stop = !Double.isFinite(fStudent)
          || (o.maxMultiplier() > 0 && fStudent > (o.maxMultiplier() - 1) * Math.abs(initObj) + initObj);
      if (stop) {
        break; // the states include this step's update; its terms are not added
      }
      steps++;
      meta += w * (o.log()
          ? Math.log(fStudent + o.epsilon()) - Math.log(initObj + o.epsilon())
          : fStudent / (initObj + o.epsilon()));
      if (k > 1) {
        int farthest = 0;
        double reduced = o.reduceMax() ? Double.NEGATIVE_INFINITY : 0;
        for (int t = 1; t < k; t++) {
          double sum = 0;
          for (int j = 0; j < N; j++) {
            sum += distance(theta[0][j] - theta[t][j], o.huberDelta());
          }
          double d = Math.log(sum + o.epsilon()) - Math.log(N);
          distances[i][t - 1] = d;
          if (d > distances[i][farthest]) {
            farthest = t - 1;
          }
          reduced = o.reduceMax() ? Math.max(reduced, d) : reduced + d / (k - 1);
        }
        counts[farthest]++;
        imitation += w * (o.log() ? reduced : Math.exp(reduced));
      }
    }
    return new Result(meta, imitation, counts, distances, theta, state[0], steps, studentGradients);
  }

  private static double distance(double diff, double huberDelta) {
    double a = Math.abs(diff);
    if (huberDelta < 0 || a <= huberDelta) {
      return 0.5 * diff * diff;
    }
    return huberDelta * (a - 0.5 * huberDelta);
  }

  /**
   * The warm-up unroll of spec §5.5: SGD at {@code rate} on the student's internal parameters, every rule stepping
   * its state with the same internal gradient (oracle teachers with the true one), the deltas discarded.
   *
   * @return the common parameters followed by each trajectory's state rows
   */
  static List<double[]> warmup(boolean oracle, double rate, double[] s, double[] theta0, List<Rule> rules,
      double[][][] x, int[][] y) {
    double[] theta = theta0.clone();
    List<double[][]> states = new ArrayList<>();
    rules.forEach(r -> states.add(new double[r.stateSize()][N]));
    for (int i = 0; i < x.length; i++) {
      double[] p = new double[N];
      for (int j = 0; j < N; j++) {
        p[j] = theta[j] * s[j];
      }
      double[] g = new double[N];
      loss(p, x[i], y[i], g);
      double[] gTilde = new double[N];
      for (int j = 0; j < N; j++) {
        gTilde[j] = g[j] * s[j];
      }
      for (int t = 0; t < rules.size(); t++) {
        rules.get(t).step(t > 0 && oracle ? g : gTilde, states.get(t));
      }
      for (int j = 0; j < N; j++) {
        theta[j] -= rate * gTilde[j];
      }
    }
    List<double[]> out = new ArrayList<>();
    out.add(theta);
    states.forEach(st -> out.addAll(List.of(st)));
    return out;
  }
}
