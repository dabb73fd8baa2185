package org.l2o.strategies.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;
import org.l2o.strategies.Decision;
import org.l2o.strategies.History;
import org.l2o.strategies.PeriodRecord;
import org.l2o.strategies.Position;
import org.l2o.strategies.Strategy;

/**
 * Where a run starts, recomputed from an experiment directory.
 *
 * <p>Resume semantics (clean; the original's quirks are not reproduced):
 * <ul>
 *   <li>{@code summary.csv} is the commit record. Without it the run starts fresh at (0, 0, 0) and any files under
 *       {@code checkpoint/} and {@code log/} are ignored and overwritten.
 *   <li>It is read strictly: a truncated or corrupt file is reported with its path and line, and its columns must
 *       be exactly this strategy's and statistics' columns ({@link SummaryColumns#of}), or the original's alone
 *       ({@link SummaryColumns#original}): such a table gains the added columns, empty in its old rows.
 *   <li>Every row must have its complete checkpoint (index and data file) and, when stack_stats is not empty, its
 *       log: a period writes both before its row, so a row without them means the directory was changed by hand,
 *       and it is reported naming the file rather than trusted.
 *   <li>Checkpoint or log files without a row (a period killed after saving) are ignored and overwritten when that
 *       period is trained again.
 *   <li>The next position is the strategy's decision after the last row, exactly as if the run had not stopped,
 *       and the learner is restored from that decision's {@linkplain Decision#startingPoint() starting point}: the
 *       last period's own checkpoint when it was accepted, the reload target when a repeat or a new stage is
 *       pending. A finished schedule trains nothing more.
 * </ul>
 *
 * @param table        the summary table (empty for a fresh start)
 * @param history      its rows as the strategies see them
 * @param lastDecision the decision after the last row; empty for a fresh start
 */
public record ResumePoint(SummaryTable table, History history, Optional<Decision> lastDecision) {

  /** The next period to train; empty when the schedule is complete. */
  public Optional<Position> next() {
    return lastDecision.map(Decision::next).orElse(Optional.of(Position.START));
  }

  /** The checkpoint to restore before the next period; empty for a fresh start or a complete schedule. */
  public Optional<Position> restoreFrom() {
    return lastDecision.filter(d -> !d.done()).map(Decision::startingPoint);
  }

  /** Whether the schedule is complete. */
  public boolean done() {
    return lastDecision.map(Decision::done).orElse(false);
  }

  /** Whether there was nothing to resume. */
  public boolean fresh() {
    return lastDecision.isEmpty();
  }

  /**
   * Reads and checks an experiment directory (see the class comment).
   *
   * @throws FileFormatException       if summary.csv is malformed or its columns or rows do not fit the strategy
   * @throws ExperimentStateException  if a row's checkpoint or log is missing
   */
  public static ResumePoint load(ExperimentLayout layout, Strategy strategy, StatsSelection stats, int teachers)
      throws IOException {
    List<String> columns = SummaryColumns.of(strategy.kind(), stats, teachers);
    Path summary = layout.summaryFile();
    if (!Files.exists(summary)) {
      return new ResumePoint(new SummaryTable(columns), History.empty(strategy.kind()), Optional.empty());
    }
    SummaryTable table = SummaryCsv.read(summary);
    if (table.columns().equals(SummaryColumns.original(strategy.kind(), stats))) {
      table = withColumns(table, columns);
    } else if (!table.columns().equals(columns)) {
      throw new FileFormatException(summary + ":1: the columns " + table.columns() + " are not those of this "
          + "experiment " + columns + " (they follow strategy_constructor, training/mean_stats and the number of "
          + "training/teachers)");
    }
    History history = History.fromTable(table, strategy.kind(), summary.toString());
    List<PeriodRecord> records = history.records();
    for (int i = 0; i < records.size(); i++) {
      checkFiles(layout, strategy, stats, records.get(i).position(), summary + ":" + (i + 2));
    }
    if (records.isEmpty()) {
      return new ResumePoint(table, history, Optional.empty());
    }
    Decision decision;
    try {
      decision = strategy.decide(records.get(records.size() - 1).position(), history);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new FileFormatException(summary + ": cannot resume: " + e.getMessage(), e);
    }
    return new ResumePoint(table, history, Optional.of(decision));
  }

  /** The table's rows under {@code columns} (a superset of its own), the added cells missing. */
  private static SummaryTable withColumns(SummaryTable table, List<String> columns) {
    SummaryTable out = new SummaryTable(columns);
    table.rows().forEach(r -> out.addRow(r.values()));
    return out;
  }

  private static void checkFiles(ExperimentLayout layout, Strategy strategy, StatsSelection stats, Position p,
      String where) throws ExperimentStateException {
    String name = strategy.checkpointName(p);
    Path prefix = layout.checkpointPrefix(name);
    for (Path file : List.of(TensorCheckpoint.indexFile(prefix), TensorCheckpoint.dataFile(prefix))) {
      if (!Files.isRegularFile(file)) {
        throw new ExperimentStateException(where + ": the row of " + name + " has no checkpoint file " + file
            + "; rows are written after their checkpoint, so the directory was changed. Restore the file, or "
            + "remove this row and the rows after it to train again from there.");
      }
    }
    if (!stats.stackStats().isEmpty() && !Files.isRegularFile(layout.logFile(name))) {
      throw new ExperimentStateException(where + ": the row of " + name + " has no log file "
          + layout.logFile(name) + "; rows are written after their log, so the directory was changed. Restore the "
          + "file, or remove this row and the rows after it to train again from there.");
    }
  }
}
