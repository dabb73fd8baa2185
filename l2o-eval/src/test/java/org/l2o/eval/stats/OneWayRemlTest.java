package org.l2o.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class OneWayRemlTest {
  /**
   * lme4's {@code Dyestuff2} (Box and Tiao 1973), 6 batches x 5 simulated yields; lme4's REML fit puts the batch
   * variance at 0 (residual SD 3.716, intercept 5.666).
   */
  private static final double[][] DYESTUFF2 = {
      {7.298, 3.846, 2.434, 9.566, 7.990}, {5.220, 6.556, 0.608, 11.788, -0.892},
      {0.110, 10.386, 13.434, 5.510, 8.166}, {2.212, 4.852, 7.092, 9.288, 4.980},
      {0.282, 9.014, 4.458, 9.446, 7.198}, {1.722, 4.782, 8.106, 0.758, 3.758}};

  /** ../shared/data/dyestuff.csv (lme4's Dyestuff), grouped by batch in file order. */
  static List<double[]> dyestuff() throws IOException {
    Path csv = Path.of(System.getProperty("l2o.root", ".")).toAbsolutePath().normalize().resolveSibling("shared")
        .resolve("data").resolve("dyestuff.csv");
    Map<String, List<Double>> batches = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("batch,yield");
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      batches.computeIfAbsent(cells[0], b -> new ArrayList<>()).add(Double.parseDouble(cells[1]));
    }
    List<double[]> out = new ArrayList<>();
    batches.values().forEach(v -> out.add(v.stream().mapToDouble(Double::doubleValue).toArray()));
    return out;
  }

  @Test
  void dyestuffMatchesLme4() throws IOException {
    RandomInterceptFit fit = OneWayReml.fit(dyestuff());
    assertThat(fit.groups()).isEqualTo(6);
    assertThat(fit.observations()).isEqualTo(30);
    // lme4: lmer(Yield ~ 1 + (1 | Batch), Dyestuff): intercept 1527.50 (SE 19.38), batch SD 42.00, residual 49.51
    assertThat(fit.mean()).isCloseTo(1527.5, within(0.005));
    assertThat(fit.meanSe()).isCloseTo(19.38, within(0.005));
    assertThat(fit.groupSd()).isCloseTo(42.00, within(0.005));
    assertThat(fit.residualSd()).isCloseTo(49.51, within(0.005));
    // the variances of the data's README: 1764.05 and 2451.25
    assertThat(fit.groupSd() * fit.groupSd()).isCloseTo(1764.05, within(1e-4));
    assertThat(fit.residualSd() * fit.residualSd()).isCloseTo(2451.25, within(1e-4));
    // lme4 prints "REML criterion at convergence: 319.6543"
    assertThat(fit.deviance()).isCloseTo(319.6543, within(5e-5));
    assertThat(fit.meanDf()).isEqualTo(5);
  }

  @Test
  void dyestuffIntervalsAreTheExactBalancedOnes() throws IOException {
    RandomInterceptFit fit = OneWayReml.fit(dyestuff());
    // balanced, s_b > 0: var(GLS mean) = MSB / N, the t interval on k - 1 = 5 df is exact
    double msb = 5 * 5 * 1764.05 / 5 + 2451.25; // n s_b^2 + s^2
    double half = new TDistribution(5).inverseCumulativeProbability(0.975) * Math.sqrt(msb / 30);
    assertThat(fit.meanInterval().low()).isCloseTo(1527.5 - half, within(1e-6));
    assertThat(fit.meanInterval().high()).isCloseTo(1527.5 + half, within(1e-6));
    // profile ends: the profiled deviance is exactly the minimum + 3.84 there
    GroupedData data = GroupedData.of(dyestuff());
    for (double sd : new double[] {fit.groupSdInterval().low(), fit.groupSdInterval().high()}) {
      assertThat(minOverResidual(data, sd * sd) - fit.deviance()).isCloseTo(OneWayReml.CUT, within(1e-6));
    }
    for (double sd : new double[] {fit.residualSdInterval().low(), fit.residualSdInterval().high()}) {
      assertThat(minOverGroup(data, sd * sd) - fit.deviance()).isCloseTo(OneWayReml.CUT, within(1e-6));
    }
    assertThat(fit.groupSdInterval().low()).isBetween(1.0, 42.0);
    assertThat(fit.groupSdInterval().high()).isBetween(42.0, 200.0);
    assertThat(fit.residualSdInterval().contains(49.51)).isTrue();
    // lme4's profile interval of the residual SD, confint(profile(fm1ML)): .lsig 3.643624 .. 4.214461, i.e.
    // 38.2300 .. 67.6577. On balanced data with s_b > 0 the between-group term separates from s, so the ML and
    // REML profiles of s rise alike and give the same interval.
    assertThat(fit.residualSdInterval().low()).isCloseTo(38.2300, within(5e-4));
    assertThat(fit.residualSdInterval().high()).isCloseTo(67.6577, within(5e-4));
    // and it is close to the exact chi-square(N - k) interval of s (36.9 .. 69.3)
    assertThat(fit.residualSdInterval().low()).isCloseTo(Math.sqrt(24 * 2451.25 / 39.364), within(3.0));
    assertThat(fit.residualSdInterval().high()).isCloseTo(Math.sqrt(24 * 2451.25 / 12.401), within(3.0));
  }

  @Test
  void theFitFollowsAChangeOfUnits() throws IOException {
    RandomInterceptFit base = OneWayReml.fit(dyestuff());
    for (double scale : new double[] {1e-7, 1e-3, 1e5}) {
      List<double[]> scaled = new ArrayList<>();
      for (double[] g : dyestuff()) {
        scaled.add(Arrays.stream(g).map(v -> -3 + scale * v).toArray());
      }
      RandomInterceptFit fit = OneWayReml.fit(scaled);
      double tol = 1e-7 * scale;
      assertThat(fit.mean()).as("scale %s", scale).isCloseTo(-3 + scale * base.mean(), within(1e-6 * scale));
      assertThat(fit.groupSd()).isCloseTo(scale * base.groupSd(), within(100 * tol));
      assertThat(fit.residualSd()).isCloseTo(scale * base.residualSd(), within(100 * tol));
      assertThat(fit.groupSdInterval().low()).isCloseTo(scale * base.groupSdInterval().low(), within(100 * tol));
      assertThat(fit.groupSdInterval().high()).isCloseTo(scale * base.groupSdInterval().high(), within(100 * tol));
      assertThat(fit.residualSdInterval().low()).isCloseTo(scale * base.residualSdInterval().low(), within(100 * tol));
      assertThat(fit.residualSdInterval().high())
          .isCloseTo(scale * base.residualSdInterval().high(), within(100 * tol));
    }
  }

  @Test
  void dyestuff2IsOnTheBoundaryWithoutNaN() {
    RandomInterceptFit fit = OneWayReml.fit(List.of(DYESTUFF2));
    assertThat(fit.groupSd()).isEqualTo(0.0);
    assertThat(fit.groupSdInterval().low()).isEqualTo(0.0);
    assertThat(fit.groupSdInterval().high()).isStrictlyBetween(0.0, 10.0);
    // lme4: residual SD 3.716, intercept 5.666; at s_b = 0 they are the plain SD (N - 1) and mean
    assertThat(fit.residualSd()).isCloseTo(3.716, within(5e-4));
    assertThat(fit.mean()).isCloseTo(5.6656, within(1e-9));
    assertThat(fit.meanInterval().contains(5.6656)).isTrue();
    for (double v : new double[] {fit.meanSe(), fit.deviance(), fit.residualSdInterval().low(),
        fit.residualSdInterval().high(), fit.groupSdInterval().high()}) {
      assertThat(v).isFinite();
    }
  }

  @Test
  void balancedDataMatchTheTruncatedAnovaEstimators() {
    Random random = new Random(11);
    for (int trial = 0; trial < 40; trial++) {
      int k = 2 + random.nextInt(8);
      int n = 2 + random.nextInt(9);
      double sb = random.nextDouble() * 2;
      List<double[]> groups = simulate(random, k, n, 3.0, sb, 1.0);
      double[] means = new double[k];
      double grand = 0;
      double ssw = 0;
      for (int i = 0; i < k; i++) {
        means[i] = Moments.mean(groups.get(i));
        grand += means[i] / k;
        for (double v : groups.get(i)) {
          ssw += (v - means[i]) * (v - means[i]);
        }
      }
      double ssb = 0;
      for (double m : means) {
        ssb += n * (m - grand) * (m - grand);
      }
      double msw = ssw / (k * (n - 1));
      double msb = ssb / (k - 1);
      double groupVar = Math.max(0, (msb - msw) / n);
      // truncated at 0, the REML residual variance pools everything: (SSW + SSB) / (N - 1)
      double residualVar = msb > msw ? msw : (ssw + ssb) / (k * n - 1);

      RandomInterceptFit fit = OneWayReml.fit(groups);
      assertThat(fit.groupSd()).as("trial %d (k %d, n %d)", trial, k, n)
          .isCloseTo(Math.sqrt(groupVar), within(1e-6 * Math.sqrt(residualVar)));
      assertThat(fit.residualSd()).isCloseTo(Math.sqrt(residualVar), within(1e-7 * Math.sqrt(residualVar)));
      assertThat(fit.mean()).isCloseTo(grand, within(1e-9));
    }
  }

  @Test
  void unbalancedDataMatchABruteForceSearchOfTheFullLikelihood() {
    Random random = new Random(5);
    int[] sizes = {2, 7, 3, 10, 1, 5};
    List<double[]> groups = new ArrayList<>();
    for (int n : sizes) {
      double b = 0.8 * random.nextGaussian();
      double[] y = new double[n];
      for (int j = 0; j < n; j++) {
        y[j] = -1.5 + b + 0.5 * random.nextGaussian();
      }
      groups.add(y);
    }
    RandomInterceptFit fit = OneWayReml.fit(groups);

    // a zooming grid over (ln s_b, ln s) of the matrix formula
    // -2 l = ln|V| + ln|X'V^-1 X| + r'V^-1 r + (N - 1) ln 2 pi
    double bestA = 0;
    double bestB = 0;
    double best = Double.POSITIVE_INFINITY;
    double span = 4;
    for (int zoom = 0; zoom < 12; zoom++) {
      double ca = bestA;
      double cb = bestB;
      for (int i = -20; i <= 20; i++) {
        for (int j = -20; j <= 20; j++) {
          double a = ca + span * i / 20;
          double b = cb + span * j / 20;
          double d = matrixDeviance(groups, Math.exp(2 * a), Math.exp(2 * b));
          if (d < best) {
            best = d;
            bestA = a;
            bestB = b;
          }
        }
      }
      span /= 4;
    }
    assertThat(fit.groupSd()).isCloseTo(Math.exp(bestA), within(1e-5));
    assertThat(fit.residualSd()).isCloseTo(Math.exp(bestB), within(1e-5));
    assertThat(fit.deviance()).isCloseTo(best, within(1e-8));
    assertThat(GroupedData.of(groups).deviance(0.3, 0.7))
        .isCloseTo(matrixDeviance(groups, 0.3, 0.7), within(1e-10));
    assertThat(fit.groupSd()).isGreaterThan(0.3);
  }

  @Test
  void intervalsCoverTheTruthAboutNinetyFivePercentOfTheTime() {
    // the paper's design: 8 replicates x 10 evaluation runs
    Random random = new Random(2022);
    int trials = 400;
    int mean = 0;
    int group = 0;
    int residual = 0;
    for (int t = 0; t < trials; t++) {
      RandomInterceptFit fit = OneWayReml.fit(simulate(random, 8, 10, 2.0, 0.5, 1.0));
      mean += fit.meanInterval().contains(2.0) ? 1 : 0;
      group += fit.groupSdInterval().contains(0.5) ? 1 : 0;
      residual += fit.residualSdInterval().contains(1.0) ? 1 : 0;
    }
    // binomial(400, 0.95) has SD 0.011: +-4 SD
    assertThat(mean / (double) trials).isBetween(0.905, 0.995);
    assertThat(group / (double) trials).isBetween(0.905, 0.995);
    assertThat(residual / (double) trials).isBetween(0.905, 0.995);
  }

  @Test
  void refusesDataThatCannotIdentifyTwoVariances() {
    assertThatThrownBy(() -> OneWayReml.fit(List.<double[]>of(new double[] {1, 2, 3})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 groups");
    assertThatThrownBy(() -> OneWayReml.fit(List.of(new double[] {1}, new double[] {2})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every group has one observation");
    assertThatThrownBy(() -> OneWayReml.fit(List.of(new double[] {1, 1}, new double[] {2, 2})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("residual variance is 0");
    assertThatThrownBy(() -> OneWayReml.fit(List.of(new double[] {1, Double.NaN}, new double[] {2, 3})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
  }

  private static List<double[]> simulate(Random random, int k, int n, double mu, double sb, double s) {
    List<double[]> groups = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      double b = sb * random.nextGaussian();
      double[] y = new double[n];
      for (int j = 0; j < n; j++) {
        y[j] = mu + b + s * random.nextGaussian();
      }
      groups.add(y);
    }
    return groups;
  }

  /** The REML deviance from the N x N covariance matrix, independent of {@link GroupedData}. */
  private static double matrixDeviance(List<double[]> groups, double groupVar, double residualVar) {
    int total = groups.stream().mapToInt(g -> g.length).sum();
    double[] y = new double[total];
    int[] group = new int[total];
    int p = 0;
    for (int i = 0; i < groups.size(); i++) {
      for (double v : groups.get(i)) {
        y[p] = v;
        group[p++] = i;
      }
    }
    RealMatrix v = new Array2DRowRealMatrix(total, total);
    for (int a = 0; a < total; a++) {
      for (int b = 0; b < total; b++) {
        v.setEntry(a, b, (group[a] == group[b] ? groupVar : 0) + (a == b ? residualVar : 0));
      }
    }
    LUDecomposition lu = new LUDecomposition(v);
    RealMatrix inverse = lu.getSolver().getInverse();
    double xvx = 0;
    double xvy = 0;
    for (int a = 0; a < total; a++) {
      for (int b = 0; b < total; b++) {
        xvx += inverse.getEntry(a, b);
        xvy += inverse.getEntry(a, b) * y[b];
      }
    }
    double beta = xvy / xvx;
    double quad = 0;
    for (int a = 0; a < total; a++) {
      for (int b = 0; b < total; b++) {
        quad += (y[a] - beta) * inverse.getEntry(a, b) * (y[b] - beta);
      }
    }
    return Math.log(lu.getDeterminant()) + Math.log(xvx) + quad + (total - 1) * Math.log(2 * Math.PI);
  }

  private static double minOverResidual(GroupedData data, double groupVar) {
    double best = Double.POSITIVE_INFINITY;
    for (double l = 1; l < 6; l += 1e-4) {
      best = Math.min(best, data.deviance(groupVar, Math.exp(2 * l)));
    }
    return best;
  }

  private static double minOverGroup(GroupedData data, double residualVar) {
    double best = data.deviance(0, residualVar);
    for (double l = -3; l < 6; l += 1e-4) {
      best = Math.min(best, data.deviance(Math.exp(2 * l), residualVar));
    }
    return best;
  }
}
