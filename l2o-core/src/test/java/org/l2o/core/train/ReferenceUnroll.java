package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent plain-Java (double precision) re-implementation of one truncation window (spec §5.2-§5.5,
 * with the §17 errata) on {@link TinyProblem}, written from the spec's formulas and never calling the engine, so
 * that the engine's forward values can be pinned against it. Parameters are flat [N] in {@link TinyProblem}'s
 * order: dense_0/kernel [4, 3], dense_0/bias [3], dense_1/kernel [3, 2], dense_1/bias [2], row-major.
 */
final class ReferenceUnroll {
  /** Number of optimizee scalars of {@link TinyProblem}. */
  static final int N = 12 + 3 + 6 + 2;
  private static final int IN = 4;
  private static final int HIDDEN = 3;
  private static final int CLASSES = 2;

  private ReferenceUnroll() {}

  // ---------------------------------------------------------------------------------------------------------
  // The tiny problem: x [B, 4] -> sigmoid(x W0 + b0) [B, 3] -> h W1 + b1 [B, 2], mean softmax cross-entropy.

  /** Mean cross-entropy of true parameters {@code theta} on the batch {@code x} [B][4], {@code y} [B]. */
  static double loss(double[] theta, double[][] x, int[] y) {
    double total = 0;
    for (int b = 0; b < x.length; b++) {
      double[] z = logits(theta, hidden(theta, x[b]));
      double max = Math.max(z[0], z[1]);
      double lse = max + Math.log(Math.exp(z[0] - max) + Math.exp(z[1] - max));
      total += lse - z[y[b]];
    }
    return total / x.length;
  }

  /** d loss / d theta in true coordinates, by hand-written backpropagation. */
  static double[] gradient(double[] theta, double[][] x, int[] y) {
    double[] g = new double[N];
    for (int b = 0; b < x.length; b++) {
      double[] h = hidden(theta, x[b]);
      double[] z = logits(theta, h);
      double max = Math.max(z[0], z[1]);
      double e0 = Math.exp(z[0] - max);
      double e1 = Math.exp(z[1] - max);
      double[] dz = {e0 / (e0 + e1), e1 / (e0 + e1)};
      dz[y[b]] -= 1;
      for (int c = 0; c < CLASSES; c++) {
        dz[c] /= x.length;
        g[21 + c] += dz[c];
        for (int j = 0; j < HIDDEN; j++) {
          g[15 + j * CLASSES + c] += h[j] * dz[c];
        }
      }
      for (int j = 0; j < HIDDEN; j++) {
        double dh = 0;
        for (int c = 0; c < CLASSES; c++) {
          dh += dz[c] * theta[15 + j * CLASSES + c];
        }
        double da = dh * h[j] * (1 - h[j]);
        g[12 + j] += da;
        for (int i = 0; i < IN; i++) {
          g[i * HIDDEN + j] += x[b][i] * da;
        }
      }
    }
    return g;
  }

  private static double[] hidden(double[] theta, double[] x) {
    double[] h = new double[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      double a = theta[12 + j];
      for (int i = 0; i < IN; i++) {
        a += x[i] * theta[i * HIDDEN + j];
      }
      h[j] = 1 / (1 + Math.exp(-a));
    }
    return h;
  }

  private static double[] logits(double[] theta, double[] h) {
    double[] z = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      z[c] = theta[21 + c];
      for (int j = 0; j < HIDDEN; j++) {
        z[c] += h[j] * theta[15 + j * CLASSES + c];
      }
    }
    return z;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Update rules (coordinate-wise), mirroring TinyRules and the test rules of the engine tests.

  /** A coordinate-wise rule: delta and next state from parameter, gradient and state (each a list of [N]). */
  interface Rule {
    /** Number of state vectors. */
    int states();

    /** Whether state {@code j} keeps its old value in warm-up (spec §5.5). */
    default boolean keptInWarmup(int j) {
      return false;
    }

    /** The update (applied as theta - delta) and the next state. */
    Step step(double[] theta, double[] grad, double[][] state);
  }

  /** One step's update and next state. */
  record Step(double[] delta, double[][] state) {}

  /** TinyRules.learned: m = 0.5 m + 0.5 g; delta = 0.5 tanh(a0 g + a1 m + a2). */
  static Rule learned(double a0, double a1, double a2) {
    return learned(a0, a1, a2, false);
  }

  /**
   * As {@link #learned(double, double, double)}; with {@code counter} a second state c = c + g that warm-up
   * keeps (as an RNN policy's LSTM state).
   */
  static Rule learned(double a0, double a1, double a2, boolean counter) {
    return new Rule() {
      @Override
      public int states() {
        return counter ? 2 : 1;
      }

      @Override
      public boolean keptInWarmup(int j) {
        return j == 1;
      }

      @Override
      public Step step(double[] theta, double[] g, double[][] state) {
        double[] m = new double[g.length];
        double[] d = new double[g.length];
        double[] c = counter ? new double[g.length] : null;
        for (int i = 0; i < g.length; i++) {
          m[i] = 0.5 * state[0][i] + 0.5 * g[i];
          d[i] = 0.5 * Math.tanh(a0 * g[i] + a1 * m[i] + a2);
          if (counter) {
            c[i] = state[1][i] + g[i];
          }
        }
        return new Step(d, counter ? new double[][] {m, c} : new double[][] {m});
      }
    };
  }

  /** TinyRules.sgd: delta = lr g, no state. */
  static Rule sgd(double lr) {
    return new Rule() {
      @Override
      public int states() {
        return 0;
      }

      @Override
      public Step step(double[] theta, double[] g, double[][] state) {
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          d[i] = lr * g[i];
        }
        return new Step(d, new double[0][]);
      }
    };
  }

  /**
   * SGD with a step counter t (t = t + 1): delta = lr g, except that while t == {@code nanStep} coordinate 0 of
   * the update is NaN.
   */
  static Rule nanAt(double lr, int nanStep) {
    return new Rule() {
      @Override
      public int states() {
        return 1;
      }

      @Override
      public Step step(double[] theta, double[] g, double[][] state) {
        double[] d = new double[g.length];
        double[] t = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          d[i] = lr * g[i];
          t[i] = state[0][i] + 1;
        }
        if (state[0][0] == nanStep) {
          d[0] = Double.NaN;
        }
        return new Step(d, new double[][] {t});
      }
    };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Trajectories and the unroll.

  /** One trajectory: internal parameters theta~ [N] and the rule's state vectors. */
  record Traj(double[] theta, double[][] state) {
    Traj copy() {
      double[][] s = new double[state.length][];
      for (int j = 0; j < s.length; j++) {
        s[j] = state[j].clone();
      }
      return new Traj(theta.clone(), s);
    }
  }

  /** A fresh trajectory at theta~ with zero state. */
  static Traj start(double[] thetaTilde, Rule rule) {
    return new Traj(thetaTilde.clone(), new double[rule.states()][thetaTilde.length]);
  }

  /** Settings of the reference unroll (the spec's training config keys). */
  record Settings(boolean useLogObjective, boolean scaleObjective, boolean reduceMax, String unrollWeight,
      double epsilon, double huberDelta, double objTrainMaxMultiplier, boolean oracleScaling, boolean zeroOnNan) {

    /** The BASE defaults (spec §2.1): log objective, scaled, max, mean weights, no Huber, no stop multiplier. */
    static Settings defaults() {
      return new Settings(true, true, true, "mean", 1e-10, -1, -1, true, false);
    }

    Settings with(String weight) {
      return new Settings(useLogObjective, scaleObjective, reduceMax, weight, epsilon, huberDelta,
          objTrainMaxMultiplier, oracleScaling, zeroOnNan);
    }

    /** w_i of spec §5.3: mean 1/U, sum 1, final [i = U-1]. */
    double weight(int i, int u) {
      return switch (unrollWeight) {
        case "mean" -> 1.0 / u;
        case "sum" -> 1.0;
        case "final" -> i == u - 1 ? 1.0 : 0.0;
        default -> throw new IllegalArgumentException(unrollWeight);
      };
    }
  }

  /**
   * The values of one window: the losses, D_k per step [U][K] (counted steps only), the teacher counts, the
   * trajectories at the end, the student's loss f_0 and init_obj of every step reached, and the step at which the
   * window stopped (-1 if it did not), and the student's internal gradients g~ of every step reached.
   */
  record Result(double metaLoss, double imitationLoss, double[][] distances, double[] counts, List<Traj> end,
      double[] studentLosses, double[] initObjectives, int stopStep, double[][] studentGradients) {}

  static double[] times(double[] a, double[] s) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * s[i];
    }
    return out;
  }

  private static double[] divide(double[] a, double[] s) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] / s[i];
    }
    return out;
  }

  private static boolean anyNaN(double[] a) {
    for (double v : a) {
      if (Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The rule's step for one trajectory (spec §5.2 step 2-3): the student sees theta~ and g~; an oracle-scaled
   * teacher sees theta~ s and g~ / s, and its update is mapped back with / s.
   */
  private static Step ruleStep(Rule rule, boolean oracle, double[] thetaTilde, double[] gTilde, double[][] state,
      double[] s) {
    if (!oracle) {
      return rule.step(thetaTilde, gTilde, state);
    }
    Step t = rule.step(times(thetaTilde, s), divide(gTilde, s), state);
    return new Step(divide(t.delta(), s), t.state());
  }

  /**
   * One window of spec §5.3 (forward values only).
   *
   * @param x     minibatches [U][B][4]
   * @param y     labels [U][B]
   * @param s     the parameter scaling [N]
   * @param rules the student's rule, then the teachers'
   * @param start the trajectories at the window start (not modified)
   */
  static Result unroll(double[][][] x, int[][] y, double[] s, List<Rule> rules, List<Traj> start, Settings set) {
    return unroll(x, y, s, rules, start, set, null);
  }

  /**
   * As {@link #unroll(double[][][], int[][], double[], List, List, Settings)}; with {@code fixedStudent} not null
   * the student's rule reads these internal gradients (one row per step) instead of its own, as a first-order
   * meta-gradient treats them: constants, while the losses still follow the actual parameters.
   */
  static Result unroll(double[][][] x, int[][] y, double[] s, List<Rule> rules, List<Traj> start, Settings set,
      double[][] fixedStudent) {
    int u = x.length;
    double[][] studentGradients = new double[u][];
    int k = rules.size() - 1;
    List<Traj> traj = new ArrayList<>();
    start.forEach(t -> traj.add(t.copy()));
    double[] initParams = times(start.get(0).theta(), s); // fixed at the start of this unroll
    double meta = 0;
    double imitation = 0;
    double[][] distances = new double[u][k];
    double[] counts = new double[k];
    double[] losses = new double[u];
    double[] inits = new double[u];
    int stop = -1;
    for (int i = 0; i < u; i++) {
      double f0 = Double.NaN;
      for (int t = 0; t <= k; t++) {
        Traj tr = traj.get(t);
        double[] theta = times(tr.theta(), s);
        double f = loss(theta, x[i], y[i]);
        double[] gTilde = times(gradient(theta, x[i], y[i]), s);
        if (t == 0) {
          f0 = f;
          studentGradients[i] = gTilde;
          if (fixedStudent != null) {
            gTilde = fixedStudent[i];
          }
        }
        Step step = ruleStep(rules.get(t), t > 0 && set.oracleScaling(), tr.theta(), gTilde, tr.state(), s);
        if (anyNaN(step.delta())) {
          // NaN guard (spec §5.2 step 5 and §17): skip the update, keep the state; or the original's zeroing.
          traj.set(t, new Traj(set.zeroOnNan() ? new double[N] : tr.theta(), tr.state()));
        } else {
          double[] next = new double[N];
          for (int j = 0; j < N; j++) {
            next[j] = tr.theta()[j] - step.delta()[j];
          }
          traj.set(t, new Traj(next, step.state()));
        }
      }
      losses[i] = f0;
      double initObj = set.scaleObjective() ? loss(initParams, x[i], y[i]) : 1.0;
      inits[i] = initObj;
      boolean stopNow = set.objTrainMaxMultiplier() > 0
          ? f0 > (set.objTrainMaxMultiplier() - 1) * Math.abs(initObj) + initObj
          : !Double.isFinite(f0);
      if (stopNow) {
        stop = i; // break: this step's update is in the states, its terms are not in the losses
        break;
      }
      double w = set.weight(i, u);
      meta += set.useLogObjective()
          ? w * (Math.log(f0 + set.epsilon()) - Math.log(initObj + set.epsilon()))
          : w * f0 / (initObj + set.epsilon());
      if (k > 0) {
        double[] student = traj.get(0).theta();
        int argMax = 0;
        double reduced = set.reduceMax() ? Double.NEGATIVE_INFINITY : 0;
        for (int t = 1; t <= k; t++) {
          double sum = 0;
          for (int j = 0; j < N; j++) {
            sum += distanceTerm(student[j] - traj.get(t).theta()[j], set.huberDelta());
          }
          double d = Math.log(sum + set.epsilon()) - Math.log(N);
          distances[i][t - 1] = d;
          if (d > distances[i][argMax]) {
            argMax = t - 1;
          }
          reduced = set.reduceMax() ? Math.max(reduced, d) : reduced + d / k;
        }
        counts[argMax]++;
        imitation += set.useLogObjective() ? w * reduced : w * Math.exp(reduced);
      }
    }
    return new Result(meta, imitation, distances, counts, traj, losses, inits, stop, studentGradients);
  }

  /** ½ x², or Huber with {@code delta} when {@code delta >= 0}. */
  private static double distanceTerm(double x, double delta) {
    if (delta < 0 || Math.abs(x) <= delta) {
      return 0.5 * x * x;
    }
    return delta * (Math.abs(x) - 0.5 * delta);
  }

  /**
   * The warm-up window of spec §5.5 (with the §17 errata): plain SGD on the student's theta~ with the current
   * gradient; every trajectory's rule sees the same g~ through its own scaling, updates the states warm-up does
   * not keep (unless its update has a NaN), and its update is discarded; all end at the SGD parameters.
   */
  static List<Traj> warmup(double[][][] x, int[][] y, double[] s, List<Rule> rules, List<Traj> start, double rate,
      boolean oracle) {
    double[] theta = start.get(0).theta().clone();
    List<double[][]> states = new ArrayList<>();
    start.forEach(t -> states.add(t.copy().state()));
    for (int i = 0; i < x.length; i++) {
      double[] gTilde = times(gradient(times(theta, s), x[i], y[i]), s);
      for (int t = 0; t < rules.size(); t++) {
        Rule rule = rules.get(t);
        Step step = ruleStep(rule, t > 0 && oracle, theta, gTilde, states.get(t), s);
        if (!anyNaN(step.delta())) {
          double[][] kept = new double[rule.states()][];
          for (int j = 0; j < kept.length; j++) {
            kept[j] = rule.keptInWarmup(j) ? states.get(t)[j] : step.state()[j];
          }
          states.set(t, kept);
        }
      }
      for (int j = 0; j < N; j++) {
        theta[j] -= rate * gTilde[j];
      }
    }
    List<Traj> out = new ArrayList<>();
    for (double[][] st : states) {
      out.add(new Traj(theta.clone(), st));
    }
    return out;
  }
}
