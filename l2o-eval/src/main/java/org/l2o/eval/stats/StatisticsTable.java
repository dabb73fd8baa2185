package org.l2o.eval.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A table of evaluation statistics, one row per labelled result (e.g. per optimizer or problem)
 * and one column per {@link Statistic}, each cell "mean ± std" over the runs (population std, see
 * {@link RunAggregate}). Rendered as aligned plain text or as Markdown.
 *
 * <p>A cell whose runs contain NaN values shows the statistics of the other runs followed by
 * {@code (k NaN)}; a cell with only NaN values shows {@code nan}.
 */
public final class StatisticsTable {
  /** The columns shown by default: the statistics of the paper's figures and tables. */
  public static final List<Statistic> DEFAULT_COLUMNS = List.of(
      Statistic.VAL_BEST, Statistic.VAL_LAST, Statistic.VAL_STABILITY, Statistic.TRAIN_LAST, Statistic.ACC_BEST);
  /** Decimals printed by default. */
  public static final int DEFAULT_DECIMALS = 4;

  private final String labelHeader;
  private final List<Statistic> columns;
  private final int decimals;
  private final List<String> labels = new ArrayList<>();
  private final List<List<RunAggregate>> rows = new ArrayList<>();

  /** A table with the {@link #DEFAULT_COLUMNS} and {@link #DEFAULT_DECIMALS}. */
  public StatisticsTable(String labelHeader) {
    this(labelHeader, DEFAULT_COLUMNS, DEFAULT_DECIMALS);
  }

  /**
   * A table with chosen columns.
   *
   * @param labelHeader header of the first column, e.g. {@code "optimizer"}
   * @param columns     statistics shown, in order
   * @param decimals    digits after the decimal point
   */
  public StatisticsTable(String labelHeader, List<Statistic> columns, int decimals) {
    this.labelHeader = Objects.requireNonNull(labelHeader, "labelHeader");
    this.columns = List.copyOf(columns);
    if (this.columns.isEmpty()) {
      throw new IllegalArgumentException("a statistics table needs at least one column");
    }
    if (decimals < 0 || decimals > 15) {
      throw new IllegalArgumentException("decimals must be in 0..15, got " + decimals);
    }
    this.decimals = decimals;
  }

  /** Appends a row summarising {@code statistics} over its runs. */
  public StatisticsTable add(String label, EvaluationStatistics statistics) {
    Objects.requireNonNull(label, "label");
    List<RunAggregate> cells = new ArrayList<>();
    for (Statistic s : columns) {
      cells.add(statistics.aggregate(s));
    }
    labels.add(label);
    rows.add(cells);
    return this;
  }

  /** Number of rows. */
  public int size() {
    return rows.size();
  }

  /**
   * Plain text: a header line, a dashed rule, one line per row; columns separated by two spaces,
   * labels left-aligned, and within each column the "±" signs aligned.
   */
  public String toText() {
    String[][] cells = cellTexts();
    int[] width = new int[columns.size() + 1];
    width[0] = labelHeader.length();
    for (String label : labels) {
      width[0] = Math.max(width[0], label.length());
    }
    for (int c = 0; c < columns.size(); c++) {
      width[c + 1] = columns.get(c).key().length();
      for (String[] row : cells) {
        width[c + 1] = Math.max(width[c + 1], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    header.add(labelHeader);
    columns.forEach(s -> header.add(s.key()));
    line(out, header, width);
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    line(out, rule, width);
    for (int r = 0; r < rows.size(); r++) {
      List<String> line = new ArrayList<>();
      line.add(labels.get(r));
      line.addAll(List.of(cells[r]));
      line(out, line, width);
    }
    return out.toString();
  }

  /** A GitHub-flavoured Markdown table; "|" in labels is escaped. */
  public String toMarkdown() {
    String[][] cells = cellTexts();
    StringBuilder out = new StringBuilder("| ").append(escape(labelHeader));
    columns.forEach(s -> out.append(" | ").append(s.key()));
    out.append(" |\n|---");
    columns.forEach(s -> out.append("|---:"));
    out.append("|\n");
    for (int r = 0; r < rows.size(); r++) {
      out.append("| ").append(escape(labels.get(r)));
      for (String cell : cells[r]) {
        out.append(" | ").append(cell);
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return toText();
  }

  /** Cell texts, with mean and std padded per column so that the "±" signs line up. */
  private String[][] cellTexts() {
    String[][] out = new String[rows.size()][columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      int meanWidth = 0;
      int stdWidth = 0;
      for (List<RunAggregate> row : rows) {
        RunAggregate a = row.get(c);
        meanWidth = Math.max(meanWidth, number(a.mean()).length());
        stdWidth = Math.max(stdWidth, number(a.std()).length());
      }
      for (int r = 0; r < rows.size(); r++) {
        RunAggregate a = rows.get(r).get(c);
        if (a.validCount() == 0) {
          out[r][c] = "nan";
          continue;
        }
        String cell = pad(number(a.mean()), meanWidth) + " ± " + pad(number(a.std()), stdWidth);
        out[r][c] = a.nanCount() > 0 ? cell + " (" + a.nanCount() + " NaN)" : cell;
      }
    }
    return out;
  }

  private String number(double v) {
    return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  private static void line(StringBuilder out, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells.get(i);
      line.append(cell).append(" ".repeat(width[i] - cell.length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String escape(String s) {
    return s.replace("|", "\\|");
  }
}
