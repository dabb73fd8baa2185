package org.l2o.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.ReplicateAggregate;
import org.l2o.eval.stats.Statistic;
import org.l2o.eval.stats.StatisticsTable;

/**
 * Markdown table of the replicate-level summary of learned methods: per statistic, the mean of the
 * replicate means ± 2 standard errors ({@link ReplicateAggregate}, as the original's boxplots).
 */
public final class ReplicateTable {
  private final List<Statistic> columns;
  private final List<String> labels = new ArrayList<>();
  private final List<List<ReplicateAggregate>> rows = new ArrayList<>();

  /** A table with {@link StatisticsTable#DEFAULT_COLUMNS}. */
  public ReplicateTable() {
    this(StatisticsTable.DEFAULT_COLUMNS);
  }

  /** A table with the given columns. */
  public ReplicateTable(List<Statistic> columns) {
    this.columns = List.copyOf(columns);
  }

  /** Adds a row for an entry (any number of replicates). */
  public ReplicateTable add(ResultEntry entry) {
    List<EvaluationStatistics> replicates = entry.replicateStatistics();
    List<ReplicateAggregate> cells = new ArrayList<>();
    for (Statistic s : columns) {
      cells.add(ReplicateAggregate.of(replicates, s));
    }
    labels.add(entry.label());
    rows.add(cells);
    return this;
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }

  /** GitHub-flavoured Markdown: method, replicates, then one "mean ± 2·stderr" cell per statistic. */
  public String toMarkdown() {
    StringBuilder out = new StringBuilder("| method | replicates");
    columns.forEach(s -> out.append(" | ").append(s.key()));
    out.append(" |\n|---|---:");
    columns.forEach(s -> out.append("|---:"));
    out.append("|\n");
    for (int r = 0; r < rows.size(); r++) {
      List<ReplicateAggregate> row = rows.get(r);
      out.append("| ").append(labels.get(r).replace("|", "\\|")).append(" | ").append(row.get(0).replicates()
          + row.get(0).skipped());
      for (ReplicateAggregate a : row) {
        out.append(" | ").append(cell(a));
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  private static String cell(ReplicateAggregate a) {
    if (a.replicates() == 0) {
      return "nan";
    }
    String text = String.format(Locale.ROOT, "%.4f ± %.4f", a.mean(), 2 * a.stderr());
    return a.skipped() > 0 ? text + " (" + a.skipped() + " all-NaN left out)" : text;
  }
}
