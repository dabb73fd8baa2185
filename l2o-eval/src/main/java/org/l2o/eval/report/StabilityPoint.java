package org.l2o.eval.report;

import java.util.ArrayList;
import java.util.List;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.RunAggregate;
import org.l2o.eval.stats.Statistic;

/**
 * One point of the stability-versus-loss plot (the paper's Figure 3): the mean over all runs of
 * {@code val_best} and of {@code val_stability} of one optimizer, with their standard deviations
 * over the runs (NaN runs left out, see {@link RunAggregate}).
 *
 * @param entry     the optimizer or method
 * @param valBest   val_best over all runs
 * @param stability val_stability over all runs
 */
public record StabilityPoint(ResultEntry entry, RunAggregate valBest, RunAggregate stability) {

  /** The points of all entries, in entry order. */
  public static List<StabilityPoint> of(List<ResultEntry> entries) {
    List<StabilityPoint> out = new ArrayList<>();
    for (ResultEntry e : entries) {
      EvaluationStatistics s = e.pooledStatistics();
      out.add(new StabilityPoint(e, s.aggregate(Statistic.VAL_BEST), s.aggregate(Statistic.VAL_STABILITY)));
    }
    return out;
  }

  /** Whether both means exist, i.e. not every run of the entry diverged. */
  public boolean plottable() {
    return !Double.isNaN(valBest.mean()) && !Double.isNaN(stability.mean());
  }
}
