package org.l2o.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outer (meta) optimizer: Adam with the Keras semantics of the original (spec §5.4): t += 1;
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr sqrt(1-b2^t)/(1-b1^t) m / (sqrt(v) + eps), with
 * Keras' epsilon 1e-7 outside the square root. Runs on the host: the policy has a few thousand weights, so
 * this costs microseconds and keeps the unroll graph free of variables.
 */
public final class OuterAdam {
  /** Keras defaults: lr 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  /** Keras' default first-moment decay. */
  public static final double DEFAULT_BETA_1 = 0.9;
  /** Keras' default second-moment decay. */
  public static final double DEFAULT_BETA_2 = 0.999;
  /** Keras' default epsilon. */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private long iterations;
  private final Map<String, float[]> m = new LinkedHashMap<>();
  private final Map<String, float[]> v = new LinkedHashMap<>();

  /**
   * Adam with the given hyper-parameters and zero slots.
   *
   * @param learningRate the learning rate
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @param epsilon added to the root of the second moment
   */
  public OuterAdam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /**
   * Keras' default Adam with learning rate {@code lr}.
   *
   * @param lr the learning rate
   * @return Adam with lr and Keras' default betas and epsilon
   */
  public static OuterAdam withLearningRate(double lr) {
    return new OuterAdam(lr, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /**
   * Applies one update to {@code weights} in place.
   *
   * @param weights the weights by name, updated in place
   * @param grads the gradients by name, the names and sizes of {@code weights}
   * @throws IllegalArgumentException if a gradient has no weight of its name and size
   */
  public void apply(Map<String, float[]> weights, Map<String, float[]> grads) {
    iterations++;
    double lrT = learningRate * Math.sqrt(1 - Math.pow(beta2, iterations)) / (1 - Math.pow(beta1, iterations));
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      float[] w = weights.get(e.getKey());
      float[] g = e.getValue();
      if (w == null || w.length != g.length) {
        throw new IllegalArgumentException("gradient '" + e.getKey() + "' does not match a weight");
      }
      float[] mi = m.computeIfAbsent(e.getKey(), k -> new float[g.length]);
      float[] vi = v.computeIfAbsent(e.getKey(), k -> new float[g.length]);
      for (int j = 0; j < g.length; j++) {
        mi[j] = (float) (beta1 * mi[j] + (1 - beta1) * g[j]);
        vi[j] = (float) (beta2 * vi[j] + (1 - beta2) * (double) g[j] * g[j]);
        w[j] = (float) (w[j] - lrT * mi[j] / (Math.sqrt(vi[j]) + epsilon));
      }
    }
  }

  /**
   * Number of updates applied so far (Keras' {@code iterations}).
   *
   * @return the number of updates
   */
  public long iterations() {
    return iterations;
  }

  /**
   * First-moment slots by weight name (live arrays).
   *
   * @return the live first-moment arrays by weight name
   */
  public Map<String, float[]> firstMoments() {
    return m;
  }

  /**
   * Second-moment slots by weight name (live arrays).
   *
   * @return the live second-moment arrays by weight name
   */
  public Map<String, float[]> secondMoments() {
    return v;
  }

  /**
   * Restores the state saved with a checkpoint.
   *
   * @param iterations the number of updates applied so far
   * @param first the first-moment slots by weight name (copied)
   * @param second the second-moment slots by weight name (copied)
   */
  public void restore(long iterations, Map<String, float[]> first, Map<String, float[]> second) {
    this.iterations = iterations;
    m.clear();
    v.clear();
    first.forEach((k, a) -> m.put(k, a.clone()));
    second.forEach((k, a) -> v.put(k, a.clone()));
  }

  /** {@return the learning rate} */
  public double learningRate() {
    return learningRate;
  }
}
