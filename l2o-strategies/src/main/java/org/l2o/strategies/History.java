package org.l2o.strategies;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.io.SummaryTable;

/**
 * The periods trained so far, in {@code summary.csv} order, with the queries the strategies decide with.
 *
 * <p>"Best" is always the argmin of validation over the rows asked for, rejected attempts included; ties go to
 * the earliest row and NaN validations are skipped, so there is no best when every validation is NaN (spec §17,
 * §6). Periods that applied no update are skipped too ({@link PeriodRecord#noUpdateApplied}): they failed like a
 * diverged period. "Latest" is the row with the highest repeat index. Positions are unique.
 */
public final class History {
  /** The summary column counting a period's skipped meta-updates (l2o's, after the original's columns). */
  public static final String SKIPPED_UPDATES = "skipped_updates";

  private final StrategyKind kind;
  private final List<PeriodRecord> records;
  private final Map<Position, Integer> index = new HashMap<>();

  private History(StrategyKind kind, List<PeriodRecord> records) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.records = List.copyOf(records);
    for (int i = 0; i < this.records.size(); i++) {
      Position p = this.records.get(i).position();
      Integer previous = index.put(p, i);
      if (previous != null) {
        throw new IllegalArgumentException("rows " + (previous + 1) + " and " + (i + 1) + " are both "
            + kind.label(p) + " (" + kind.checkpointName(p) + ")");
      }
    }
  }

  /** A history of the given records, in order. */
  public static History of(StrategyKind kind, List<PeriodRecord> records) {
    return new History(kind, records);
  }

  /** No periods yet. */
  public static History empty(StrategyKind kind) {
    return new History(kind, List.of());
  }

  /**
   * Reads the rows of a summary table: metadata columns of {@code kind}, {@code validation}, and {@code meta_loss}
   * and {@code skipped_updates} if present (see {@link #record}).
   *
   * @param source names the table in errors (usually the summary.csv path)
   * @throws FileFormatException naming {@code source} and the line if a column is missing, a metadata cell is not
   *     a non-negative integer, or two rows have the same position
   */
  public static History fromTable(SummaryTable table, StrategyKind kind, String source) throws FileFormatException {
    for (String column : required(kind)) {
      if (!table.columns().contains(column)) {
        throw new FileFormatException(source + ": no column '" + column + "' (a " + kind.constructorName()
            + " summary has " + required(kind) + "), the columns are " + table.columns());
      }
    }
    List<PeriodRecord> records = new ArrayList<>();
    Map<Position, Integer> lines = new HashMap<>();
    for (int i = 0; i < table.size(); i++) {
      SummaryRow row = table.row(i);
      int line = i + 2; // 1-based, after the header
      Position p = new Position(cell(row, "stage", kind, source, line), cell(row, "period", kind, source, line),
          cell(row, "repeat", kind, source, line));
      Integer previous = lines.put(p, line);
      if (previous != null) {
        throw new FileFormatException(source + ":" + line + ": " + kind.label(p) + " is already on line "
            + previous);
      }
      records.add(record(p, row));
    }
    return new History(kind, records);
  }

  /**
   * The record of one row at position {@code p}: validation, meta_loss (NaN when absent) and whether the period
   * applied no update ({@code skipped_updates >= depth * epochs}; false when those columns are absent).
   */
  public static PeriodRecord record(Position p, SummaryRow row) {
    Map<String, Double> cells = row.values(); // absent columns and missing cells alike are NaN
    double validation = cells.getOrDefault("validation", Double.NaN);
    double metaLoss = cells.getOrDefault("meta_loss", Double.NaN);
    double skipped = cells.getOrDefault(SKIPPED_UPDATES, Double.NaN);
    double steps = cells.getOrDefault("depth", Double.NaN) * cells.getOrDefault("epochs", Double.NaN);
    boolean noUpdate = steps > 0 && skipped >= steps;
    return new PeriodRecord(p, validation, metaLoss, noUpdate);
  }

  /** Reads {@code summary.csv} strictly ({@link SummaryCsv#read}) and then as {@link #fromTable}. */
  public static History read(Path summaryCsv, StrategyKind kind) throws IOException {
    return fromTable(SummaryCsv.read(summaryCsv), kind, summaryCsv.toString());
  }

  private static List<String> required(StrategyKind kind) {
    List<String> out = new ArrayList<>(kind.metadataColumns());
    out.add("validation");
    return out;
  }

  private static int cell(SummaryRow row, String column, StrategyKind kind, String source, int line)
      throws FileFormatException {
    if (!kind.metadataColumns().contains(column)) {
      return 0;
    }
    if (!row.has(column)) {
      throw new FileFormatException(source + ":" + line + ": column '" + column + "' is empty");
    }
    double v = row.get(column);
    if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
      throw new FileFormatException(source + ":" + line + ": column '" + column + "' holds " + v
          + ", expected a non-negative integer");
    }
    return (int) v;
  }

  /** This history with one more record at the end. */
  public History with(PeriodRecord record) {
    List<PeriodRecord> out = new ArrayList<>(records);
    out.add(record);
    return new History(kind, out);
  }

  /** The strategy kind the rows belong to. */
  public StrategyKind kind() {
    return kind;
  }

  /** All records in order. */
  public List<PeriodRecord> records() {
    return records;
  }

  /** Number of records. */
  public int size() {
    return records.size();
  }

  /** Whether there are no records. */
  public boolean isEmpty() {
    return records.isEmpty();
  }

  /** The record of a position. */
  public Optional<PeriodRecord> find(Position p) {
    Integer i = index.get(p);
    return i == null ? Optional.empty() : Optional.of(records.get(i));
  }

  /** The last record in file order (the period trained last). */
  public Optional<PeriodRecord> last() {
    return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
  }

  /** The records of a stage, in order. */
  public List<PeriodRecord> stage(int stage) {
    return where(r -> r.position().stage() == stage);
  }

  /** The records (attempts) of a period of a stage, in order. */
  public List<PeriodRecord> period(int stage, int period) {
    return where(r -> r.position().stage() == stage && r.position().period() == period);
  }

  /** The records matching {@code filter}, in order. */
  public List<PeriodRecord> where(Predicate<PeriodRecord> filter) {
    return records.stream().filter(filter).toList();
  }

  /**
   * Argmin of validation: ties to the earliest record, NaN and periods without an applied update skipped
   * ({@link PeriodRecord#comparable}); empty if no record is comparable.
   */
  public static Optional<PeriodRecord> best(List<PeriodRecord> rows) {
    PeriodRecord best = null;
    for (PeriodRecord r : rows) {
      if (r.comparable() && (best == null || r.validation() < best.validation())) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The record with the highest repeat index; the last of equal indices (which unique positions rule out). */
  public static Optional<PeriodRecord> latest(List<PeriodRecord> rows) {
    PeriodRecord latest = null;
    for (PeriodRecord r : rows) {
      if (latest == null || r.position().repeat() >= latest.position().repeat()) {
        latest = r;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** The highest stage present. */
  public Optional<Integer> lastStage() {
    return records.stream().map(r -> r.position().stage()).max(Integer::compare);
  }

  /** The highest period present in a stage. */
  public Optional<Integer> lastPeriod(int stage) {
    return stage(stage).stream().map(r -> r.position().period()).max(Integer::compare);
  }

  @Override
  public String toString() {
    return kind.constructorName() + " history of " + records.size() + " periods";
  }
}
