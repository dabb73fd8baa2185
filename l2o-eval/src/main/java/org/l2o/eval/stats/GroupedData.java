package org.l2o.eval.stats;

import java.util.List;

/**
 * Observations in groups (evaluation runs grouped by replicate) reduced to what the one-way
 * random-effects model needs: the group sizes n_i, the group means and the pooled within-group sum of
 * squares. Holds the restricted (REML) deviance of the model
 * {@code y_ij = mu + b_i + e_ij, b_i ~ N(0, s_b^2), e_ij ~ N(0, s^2)}.
 *
 * <p>With w_i = n_i / (s^2 + n_i s_b^2), the generalised least-squares mean mu = sum w_i ybar_i / sum w_i and
 * SSW = sum_ij (y_ij - ybar_i)^2, minus twice the restricted log-likelihood is
 * <pre>
 *   sum_i [(n_i - 1) ln s^2 + ln(s^2 + n_i s_b^2)] + ln sum_i w_i + SSW / s^2 + sum_i w_i (ybar_i - mu)^2
 *   + (N - 1) ln 2 pi,
 * </pre>
 * lme4's "REML criterion" (Bates et al. 2015, eq. 41 for one scalar random effect).
 */
public final class GroupedData {
  private final int[] sizes;
  private final double[] means;
  private final double withinSumOfSquares;
  private final int observations;

  private GroupedData(int[] sizes, double[] means, double withinSumOfSquares, int observations) {
    this.sizes = sizes;
    this.means = means;
    this.withinSumOfSquares = withinSumOfSquares;
    this.observations = observations;
  }

  /**
   * Summarises the groups.
   *
   * @param groups one array of observations per group
   * @throws IllegalArgumentException for fewer than two groups, an empty group, a value that is not finite, or
   *     no group with two observations (then the two variances cannot be told apart)
   */
  public static GroupedData of(List<double[]> groups) {
    if (groups.size() < 2) {
      throw new IllegalArgumentException("the variance between groups needs at least 2 groups, got "
          + groups.size());
    }
    int k = groups.size();
    int[] sizes = new int[k];
    double[] means = new double[k];
    double ssw = 0;
    int total = 0;
    for (int i = 0; i < k; i++) {
      double[] y = groups.get(i);
      if (y.length == 0) {
        throw new IllegalArgumentException("group " + i + " has no observation");
      }
      double sum = 0;
      for (double v : y) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("group " + i + " holds the non-finite value " + v);
        }
        sum += v;
      }
      double mean = sum / y.length;
      for (double v : y) {
        ssw += (v - mean) * (v - mean);
      }
      sizes[i] = y.length;
      means[i] = mean;
      total += y.length;
    }
    if (total == k) {
      throw new IllegalArgumentException("every group has one observation, so the variance within groups cannot be"
          + " told from the variance between them; at least one group needs 2");
    }
    return new GroupedData(sizes, means, ssw, total);
  }

  /** Number of groups k. */
  public int groups() {
    return sizes.length;
  }

  /** Number of observations N. */
  public int observations() {
    return observations;
  }

  /** Pooled within-group sum of squares SSW. */
  public double withinSumOfSquares() {
    return withinSumOfSquares;
  }

  /** Sum of the GLS weights n_i / (s^2 + n_i s_b^2); its inverse is the variance of the GLS mean. */
  public double weightSum(double groupVariance, double residualVariance) {
    double sum = 0;
    for (int n : sizes) {
      sum += n / (residualVariance + n * groupVariance);
    }
    return sum;
  }

  /** The GLS estimate of mu for the given variances. */
  public double mean(double groupVariance, double residualVariance) {
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < sizes.length; i++) {
      double w = sizes[i] / (residualVariance + sizes[i] * groupVariance);
      sum += w * means[i];
      weights += w;
    }
    return sum / weights;
  }

  /** Minus twice the restricted log-likelihood at the given variances (s^2 &gt; 0, s_b^2 &ge; 0). */
  public double deviance(double groupVariance, double residualVariance) {
    double mu = mean(groupVariance, residualVariance);
    double logDet = 0;
    double weights = 0;
    double between = 0;
    for (int i = 0; i < sizes.length; i++) {
      double v = residualVariance + sizes[i] * groupVariance;
      double w = sizes[i] / v;
      logDet += (sizes[i] - 1) * Math.log(residualVariance) + Math.log(v);
      weights += w;
      between += w * (means[i] - mu) * (means[i] - mu);
    }
    return logDet + Math.log(weights) + withinSumOfSquares / residualVariance + between
        + (observations - 1) * Math.log(2 * Math.PI);
  }

  /**
   * The residual variance that minimises the deviance for a fixed ratio s_b^2 / s^2 = {@code ratio}:
   * Q / (N - 1) with Q = SSW + sum_i n_i / (1 + n_i ratio) (ybar_i - mu)^2.
   */
  public double residualVariance(double ratio) {
    double mu = mean(ratio, 1);
    double q = withinSumOfSquares;
    for (int i = 0; i < sizes.length; i++) {
      q += sizes[i] / (1 + sizes[i] * ratio) * (means[i] - mu) * (means[i] - mu);
    }
    return q / (observations - 1);
  }

  /** The deviance with the residual variance profiled out, as a function of the ratio s_b^2 / s^2 alone. */
  public double profiledDeviance(double ratio) {
    double s2 = residualVariance(ratio);
    return deviance(ratio * s2, s2);
  }
}
