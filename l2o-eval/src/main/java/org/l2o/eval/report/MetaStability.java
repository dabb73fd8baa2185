package org.l2o.eval.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.l2o.eval.stats.OneWayReml;
import org.l2o.eval.stats.RandomInterceptFit;
import org.l2o.eval.stats.Statistic;

/**
 * Meta-stability of one configuration (a learned method with its replicates) on one problem: the REML fit of
 * a one-way random-effects model of a per-run statistic, replicate as the random effect and evaluation runs as
 * the residual ({@link OneWayReml}). The replicate SD is the paper's meta-stability, the residual SD its
 * evaluation stability.
 *
 * <p>Runs whose statistic is NaN or infinite (diverged) are left out and counted; a replicate left without runs
 * is left out. When the model cannot be fitted (fewer than 2 replicates, or no replicate with 2 runs, or no
 * variation within replicates), {@link #fit()} is empty and {@link #reason()} says why.
 *
 * @param entry        the configuration
 * @param statistic    the statistic modelled
 * @param fit          the fit, if there is one
 * @param reason       why there is no fit; empty when there is one
 * @param leftOutRuns  runs left out because their statistic is not finite
 * @param magnitude    the configuration's perturbation magnitude (the plot's x)
 */
public record MetaStability(ResultEntry entry, Statistic statistic, Optional<RandomInterceptFit> fit,
    String reason, int leftOutRuns, Magnitude magnitude) {

  /** Checks for missing values. */
  public MetaStability {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(fit, "fit");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(magnitude, "magnitude");
  }

  /** Fits the model to {@code statistic} of every run of every replicate of {@code entry}. */
  public static MetaStability of(ResultEntry entry, Statistic statistic, Magnitude magnitude) {
    List<double[]> groups = new ArrayList<>();
    int leftOut = 0;
    for (EvaluationRecord replicate : entry.replicates()) {
      double[] values = replicate.statistics().values(statistic);
      double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
      leftOut += values.length - finite.length;
      if (finite.length > 0) {
        groups.add(finite);
      }
    }
    try {
      return new MetaStability(entry, statistic, Optional.of(OneWayReml.fit(groups)), "", leftOut, magnitude);
    } catch (IllegalArgumentException e) {
      String why = groups.size() < 2
          ? "needs at least 2 replicates with a finite " + statistic.key() + ", has " + groups.size()
          : e.getMessage();
      return new MetaStability(entry, statistic, Optional.empty(), why, leftOut, magnitude);
    }
  }
}
