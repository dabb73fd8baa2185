package org.l2o.policies;

import java.util.function.Supplier;

/**
 * Independent plain-Java, double-precision implementations of the spec's formulas (§4.4, §17), written
 * without looking at the graph code. Each instance keeps its own per-coordinate state, starting at 0.
 */
public final class ReferenceRules {
  private ReferenceRules() {}

  /** One rule over a fixed number of coordinates: takes the gradient, returns the subtracted update. */
  public interface Reference {
    double[] step(double[] g);
  }

  /** Original Adam: constant bias correction, eps inside the sqrt. */
  public static Supplier<Reference> adam(double lr, double b1, double b2, double eps) {
    return () -> new Reference() {
      double[] m;
      double[] v;

      @Override
      public double[] step(double[] g) {
        if (m == null) {
          m = new double[g.length];
          v = new double[g.length];
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          d[i] = lr * (m[i] / (1 - b1)) / Math.sqrt(v[i] / (1 - b2) + eps);
        }
        return d;
      }
    };
  }

  /** Original RMSProp: no correction, eps inside the sqrt. */
  public static Supplier<Reference> rmsprop(double lr, double rho, double eps) {
    return () -> new Reference() {
      double[] ms;

      @Override
      public double[] step(double[] g) {
        if (ms == null) {
          ms = new double[g.length];
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          ms[i] = (1 - rho) * g[i] * g[i] + rho * ms[i];
          d[i] = lr * g[i] / Math.sqrt(ms[i] + eps);
        }
        return d;
      }
    };
  }

  /** SGD. */
  public static Supplier<Reference> sgd(double lr) {
    return () -> g -> {
      double[] d = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        d[i] = lr * g[i];
      }
      return d;
    };
  }

  /** Original momentum: lr times an EMA of the gradient. */
  public static Supplier<Reference> momentum(double lr, double b1) {
    return () -> new Reference() {
      double[] mu;

      @Override
      public double[] step(double[] g) {
        if (mu == null) {
          mu = new double[g.length];
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          mu[i] = b1 * mu[i] + (1 - b1) * g[i];
          d[i] = lr * mu[i];
        }
        return d;
      }
    };
  }

  /** Differentiable PowerSign ({@code power = true}) or AddSign. */
  public static Supplier<Reference> sign(boolean power, double lr, double b1, double b2, double eps) {
    return () -> new Reference() {
      double[] m;
      double[] v;

      @Override
      public double[] step(double[] g) {
        if (m == null) {
          m = new double[g.length];
          v = new double[g.length];
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          double s = Math.sqrt(v[i] + eps);
          double a = Math.tanh(g[i] / s) * Math.tanh(m[i] / s);
          d[i] = lr * (power ? Math.exp(a) : 1 + a) * g[i];
        }
        return d;
      }
    };
  }

  /** Keras Adam (true bias correction, eps outside the sqrt). */
  public static Supplier<Reference> kerasAdam(double lr, double b1, double b2, double eps) {
    return () -> new Reference() {
      double[] m;
      double[] v;
      int t;

      @Override
      public double[] step(double[] g) {
        if (m == null) {
          m = new double[g.length];
          v = new double[g.length];
        }
        t++;
        double stepSize = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          m[i] = b1 * m[i] + (1 - b1) * g[i];
          v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
          d[i] = stepSize * m[i] / (Math.sqrt(v[i]) + eps);
        }
        return d;
      }
    };
  }

  /** Keras RMSprop (eps outside the sqrt). */
  public static Supplier<Reference> kerasRmsProp(double lr, double rho, double eps) {
    return () -> new Reference() {
      double[] ms;

      @Override
      public double[] step(double[] g) {
        if (ms == null) {
          ms = new double[g.length];
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          ms[i] = rho * ms[i] + (1 - rho) * g[i] * g[i];
          d[i] = lr * g[i] / (Math.sqrt(ms[i]) + eps);
        }
        return d;
      }
    };
  }

  /** Keras SGD with heavy-ball momentum: vel = mom vel - lr g; theta += vel. */
  public static Supplier<Reference> kerasMomentum(double lr, double momentum) {
    return () -> new Reference() {
      double[] vel;

      @Override
      public double[] step(double[] g) {
        if (vel == null) {
          vel = new double[g.length];
        }
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          vel[i] = momentum * vel[i] - lr * g[i];
          d[i] = -vel[i];
        }
        return d;
      }
    };
  }
}
