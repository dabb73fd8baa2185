package org.l2o.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.l2o.eval.stats.EvaluationStatistics;

/**
 * Everything the report shows for one optimizer on one problem: an analytical baseline (one file)
 * or a learned method (one file per replicate, i.e. per independently meta-trained optimizer).
 *
 * @param label      name shown in tables and legends
 * @param kind       baseline or learned method
 * @param replicates the loaded evaluation files, at least one; all with the same number of epochs
 */
public record ResultEntry(String label, Kind kind, List<EvaluationRecord> replicates) {

  /** Where a result comes from. */
  public enum Kind {
    /** An analytical optimizer from {@code baseline/<optimizer>/<problem>.npz}. */
    BASELINE,
    /** A learned optimizer from {@code <dir>/eval/<problem>/*.npz}, one directory per replicate. */
    METHOD
  }

  /** Checks the label and that all replicates have the same number of epochs. */
  public ResultEntry {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    replicates = List.copyOf(replicates);
    if (replicates.isEmpty()) {
      throw new IllegalArgumentException(label + ": no evaluation files");
    }
    EvaluationRecord first = replicates.get(0);
    for (EvaluationRecord r : replicates) {
      if (r.epochs() != first.epochs()) {
        throw new IllegalArgumentException(label + ": " + r.source() + " has " + r.epochs() + " epochs but "
            + first.source() + " has " + first.epochs() + "; replicates of one method must be comparable");
      }
    }
  }

  /** Number of epochs (the same for every replicate). */
  public int epochs() {
    return replicates.get(0).epochs();
  }

  /** Total number of runs over all replicates. */
  public int totalRuns() {
    return replicates.stream().mapToInt(EvaluationRecord::runs).sum();
  }

  /** Statistics of all runs of all replicates taken together ("over all runs"). */
  public EvaluationStatistics pooledStatistics() {
    return EvaluationStatistics.compute(pooled(EvaluationRecord::loss), pooled(EvaluationRecord::valLoss),
        pooled(EvaluationRecord::valAccuracy));
  }

  /** Statistics of each replicate, in replicate order. */
  public List<EvaluationStatistics> replicateStatistics() {
    List<EvaluationStatistics> out = new ArrayList<>();
    replicates.forEach(r -> out.add(r.statistics()));
    return out;
  }

  /** The runs of every replicate stacked into one [totalRuns][epochs] array (rows are shared, not copied). */
  public double[][] pooled(Function<EvaluationRecord, double[][]> curve) {
    List<double[]> rows = new ArrayList<>();
    for (EvaluationRecord r : replicates) {
      rows.addAll(List.of(curve.apply(r)));
    }
    return rows.toArray(new double[0][]);
  }
}
