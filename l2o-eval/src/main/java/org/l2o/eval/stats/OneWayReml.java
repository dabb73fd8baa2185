package org.l2o.eval.stats;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * REML fit of the one-way random-effects model {@code y_ij = mu + b_i + e_ij} (one random intercept per group),
 * for grouped data that may be unbalanced.
 *
 * <ul>
 *   <li>Estimate: the residual variance is profiled out ({@link GroupedData#profiledDeviance}), and the deviance
 *       is minimised over the relative SD theta = s_b / s &ge; 0: a scan of a log grid (1e-4 to 1e6) brackets the
 *       minimum, Brent's method refines it, and theta = 0 is taken when it is at least as good (the boundary,
 *       where the REML estimate of s_b is exactly 0). On balanced data this is the ANOVA estimator truncated at 0.</li>
 *   <li>Mean: the GLS mean with a t interval on k - 1 degrees of freedom, exact for balanced data with s_b &gt; 0.</li>
 *   <li>SDs: 95% profile-likelihood intervals: the SDs at which the REML deviance, minimised over the other
 *       variance, exceeds its minimum by the chi-square(1) 95% quantile (3.84). A lower end whose deviance stays
 *       below the cut down to 0 is 0.</li>
 * </ul>
 * Numerics (optimiser, root finder, t and chi-square quantiles) are Apache Commons Math's.
 */
public final class OneWayReml {
  /** Confidence level of every interval. */
  public static final double LEVEL = 0.95;
  /** The deviance rise that bounds a profile-likelihood interval: the chi-square(1) quantile at {@link #LEVEL}. */
  public static final double CUT = new ChiSquaredDistribution(1).inverseCumulativeProbability(LEVEL);

  private static final double GRID_LOW = -4;
  private static final double GRID_HIGH = 6;
  private static final int GRID_PER_DECADE = 4;
  private static final int MAX_EVAL = 10_000;
  private static final int MAX_EXPANSIONS = 200;

  private final GroupedData data;

  private OneWayReml(GroupedData data) {
    this.data = data;
  }

  /**
   * Fits the model to {@code groups} (one array of observations per group).
   *
   * @throws IllegalArgumentException if {@link GroupedData#of} refuses the data or the values within every group
   *     are equal (the residual variance would be 0)
   */
  public static RandomInterceptFit fit(List<double[]> groups) {
    return fit(GroupedData.of(groups));
  }

  /** {@link #fit(List)} of data already summarised. */
  public static RandomInterceptFit fit(GroupedData data) {
    if (!(data.withinSumOfSquares() > 0)) {
      throw new IllegalArgumentException("the values within every group are equal, so the residual variance is 0"
          + " and the model cannot be fitted");
    }
    return new OneWayReml(data).run();
  }

  private RandomInterceptFit run() {
    double theta = bestTheta();
    double ratio = theta * theta;
    double residualVar = data.residualVariance(ratio);
    double groupVar = ratio * residualVar;
    double deviance = data.deviance(groupVar, residualVar);

    double mean = data.mean(groupVar, residualVar);
    int df = data.groups() - 1;
    double se = Math.sqrt(1 / data.weightSum(groupVar, residualVar));
    double t = new TDistribution(df).inverseCumulativeProbability(0.5 + LEVEL / 2);
    Interval meanInterval = new Interval(mean - t * se, mean + t * se);

    double groupSd = Math.sqrt(groupVar);
    double residualSd = Math.sqrt(residualVar);
    DoubleUnaryOperator groupProfile = sd -> profileOverResidual(sd * sd, residualSd) - deviance;
    DoubleUnaryOperator residualProfile = sd -> profileOverGroup(sd * sd, groupSd, residualSd) - deviance;
    Interval groupInterval = profileInterval(groupProfile, groupSd, residualSd, true);
    Interval residualInterval = profileInterval(residualProfile, residualSd, residualSd, false);
    return new RandomInterceptFit(data.groups(), data.observations(), mean, meanInterval, se, df, groupSd,
        groupInterval, residualSd, residualInterval, deviance);
  }

  /** The relative SD theta = s_b / s minimising the profiled deviance. */
  private double bestTheta() {
    DoubleUnaryOperator f = theta -> data.profiledDeviance(theta * theta);
    int points = (int) ((GRID_HIGH - GRID_LOW) * GRID_PER_DECADE) + 1;
    double[] grid = new double[points + 1];
    grid[0] = 0;
    for (int j = 0; j < points; j++) {
      grid[j + 1] = Math.pow(10, GRID_LOW + (double) j / GRID_PER_DECADE);
    }
    int best = 0;
    double bestValue = f.applyAsDouble(0);
    for (int j = 1; j < grid.length; j++) {
      double v = f.applyAsDouble(grid[j]);
      if (v < bestValue) {
        best = j;
        bestValue = v;
      }
    }
    double lo = grid[Math.max(0, best - 1)];
    double hi = grid[Math.min(grid.length - 1, best + 1)];
    double theta = minimise(f, lo, hi, grid[best]);
    return f.applyAsDouble(0) <= f.applyAsDouble(theta) ? 0 : theta;
  }

  /** The deviance at s_b^2 = {@code groupVar}, minimised over the residual variance. */
  private double profileOverResidual(double groupVar, double residualSd) {
    // ln s within 12 of the estimate: a factor of 1.6e5 either way, far past any 95% profile interval
    double logSd = minimise(l -> data.deviance(groupVar, Math.exp(2 * l)), Math.log(residualSd) - 12,
        Math.log(residualSd) + 12, Math.log(residualSd));
    return data.deviance(groupVar, Math.exp(2 * logSd));
  }

  /** The deviance at s^2 = {@code residualVar}, minimised over s_b &ge; 0 (0 included). */
  private double profileOverGroup(double residualVar, double groupSd, double residualSd) {
    DoubleUnaryOperator f = sd -> data.deviance(sd * sd, residualVar);
    double scale = Math.max(groupSd, residualSd);
    double sd = minimise(f, 0, 1e4 * scale, groupSd);
    return Math.min(f.applyAsDouble(0), f.applyAsDouble(sd));
  }

  /**
   * The 95% interval {x : g(x) &le; CUT} of a profile g (deviance above the minimum, 0 at {@code estimate}),
   * found by bracketing each end with halving / doubling steps and solving g = CUT with Brent's method.
   *
   * @param scale         a positive magnitude to start the brackets from when the estimate is 0
   * @param zeroAllowed   whether the parameter may be 0 (s_b): then a lower end below the cut at 0 is 0
   */
  private static Interval profileInterval(DoubleUnaryOperator g, double estimate, double scale,
      boolean zeroAllowed) {
    DoubleUnaryOperator h = x -> g.applyAsDouble(x) - CUT;
    double low;
    if (zeroAllowed && h.applyAsDouble(0) <= 0) {
      low = 0;
    } else {
      double a = estimate / 2;
      int i = 0;
      while (h.applyAsDouble(a) <= 0 && i++ < MAX_EXPANSIONS) {
        a /= 2;
      }
      low = solve(h, estimate, a, scale);
    }
    double b = estimate > 0 ? estimate * 2 : scale / 8;
    double from = estimate;
    int i = 0;
    while (h.applyAsDouble(b) <= 0 && i++ < MAX_EXPANSIONS) {
      from = b;
      b *= 2;
    }
    double high = solve(h, from, b, scale);
    return new Interval(Math.min(low, estimate), Math.max(high, estimate));
  }

  /** The root of h between {@code inner} (h &le; 0) and {@code outer}; {@code outer} if h never reaches 0. */
  private static double solve(DoubleUnaryOperator h, double inner, double outer, double scale) {
    if (h.applyAsDouble(outer) <= 0) {
      return outer;
    }
    return new BrentSolver(1e-12, 1e-12 * scale).solve(MAX_EVAL, h::applyAsDouble, Math.min(inner, outer),
        Math.max(inner, outer));
  }

  private static double minimise(DoubleUnaryOperator f, double lo, double hi, double start) {
    if (!(hi > lo)) {
      return lo;
    }
    BrentOptimizer optimizer = new BrentOptimizer(1e-12, 1e-300 + 1e-14 * Math.abs(hi));
    return optimizer.optimize(new MaxEval(MAX_EVAL), new UnivariateObjectiveFunction(f::applyAsDouble),
        GoalType.MINIMIZE, new SearchInterval(lo, hi, Math.min(hi, Math.max(lo, start)))).getPoint();
  }
}
