package org.l2o.strategies.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.train.PeriodArgs;
import org.l2o.core.train.PeriodResult;
import org.l2o.strategies.History;
import org.l2o.strategies.Position;
import org.l2o.strategies.StrategyKind;

/**
 * The columns and cells of {@code summary.csv} (spec §6.1): validation, time, duration, the metadata columns
 * (period | period, repeat | stage, period, repeat), the training hyper-parameters (warmup, warmup_rate,
 * p_teacher, depth, unroll_len, epochs), then the mean_stats of the training period: the original's columns, in
 * its order. l2o adds, after them, what the original did not record: {@code skipped_updates} (training meta-steps
 * that applied no update) and, per teacher k of {@code training/teachers}, {@code teacher_k_diverged} (training
 * meta-steps at which teacher k's imitation distance was not finite). Files with the original's columns alone (the
 * original's, or l2o's before these columns) are still read.
 */
public final class SummaryColumns {
  /** The hyper-parameter columns, in order. */
  public static final List<String> HYPERPARAMETERS =
      List.of("warmup", "warmup_rate", "p_teacher", "depth", "unroll_len", "epochs");

  private SummaryColumns() {}

  /** The original's columns, in order. */
  public static List<String> original(StrategyKind kind, StatsSelection stats) {
    List<String> out = new ArrayList<>(List.of("validation", "time", "duration"));
    out.addAll(kind.metadataColumns());
    out.addAll(HYPERPARAMETERS);
    out.addAll(stats.meanStats());
    return out;
  }

  /** All columns l2o writes, in order: the original's, then the added ones for {@code teachers} teachers. */
  public static List<String> of(StrategyKind kind, StatsSelection stats, int teachers) {
    List<String> out = original(kind, stats);
    out.add(History.SKIPPED_UPDATES);
    for (int k = 0; k < teachers; k++) {
      out.add(teacherDiverged(k));
    }
    return out;
  }

  /** The column of teacher {@code k}'s divergences. */
  public static String teacherDiverged(int k) {
    return "teacher_" + k + "_diverged";
  }

  /**
   * The cells of one period's row, in column order.
   *
   * @param time       Unix time at the end of the period, in seconds
   * @param duration   seconds the period took
   * @param training   the training arguments (the hyper-parameter columns hold them)
   * @param trained    training statistics (the mean_stats columns)
   * @param validation validation statistics (its mean meta loss is the validation column)
   */
  public static Map<String, Number> row(StrategyKind kind, StatsSelection stats, Position position, double time,
      double duration, PeriodArgs training, PeriodResult trained, PeriodResult validation) {
    Map<String, Number> row = new LinkedHashMap<>();
    row.put("validation", validation.meanMetaLoss());
    row.put("time", time);
    row.put("duration", duration);
    row.putAll(kind.metadata(position));
    row.put("warmup", training.warmup());
    row.put("warmup_rate", training.warmupRate());
    row.put("p_teacher", training.pTeacher());
    row.put("depth", training.depth());
    row.put("unroll_len", training.unrollLength());
    row.put("epochs", training.epochs());
    for (String stat : stats.meanStats()) {
      row.put(stat, switch (stat) {
        case "meta_loss" -> trained.meanMetaLoss();
        case "imitation_loss" -> trained.meanImitationLoss();
        default -> throw new IllegalStateException("unsupported mean stat " + stat);
      });
    }
    row.put(History.SKIPPED_UPDATES, trained.skippedUpdates());
    int[] diverged = trained.teacherDivergences();
    for (int k = 0; k < diverged.length; k++) {
      row.put(teacherDiverged(k), diverged[k]);
    }
    return row;
  }
}
