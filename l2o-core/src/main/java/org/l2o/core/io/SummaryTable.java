package org.l2o.core.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered table of numeric rows with named columns: the content of an experiment's
 * {@code summary.csv} (spec §6.1). Columns keep the order given; a cell is either a number (NaN and
 * infinities included) or missing. Rows are appended; existing rows never change.
 *
 * <p>Column names must be non-empty, unique, and free of commas, quotes and line breaks, so that
 * the CSV needs no quoting.
 */
public final class SummaryTable {
  private final List<String> columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<SummaryRow> rows = new ArrayList<>();

  /**
   * An empty table with these columns, in this order.
   *
   * @param columns the column names, at least one, distinct and valid
   * @throws IllegalArgumentException if there is no column, or a name is invalid or repeated
   */
  public SummaryTable(List<String> columns) {
    this.columns = List.copyOf(columns);
    if (this.columns.isEmpty()) {
      throw new IllegalArgumentException("a summary table needs at least one column");
    }
    for (int i = 0; i < this.columns.size(); i++) {
      String name = this.columns.get(i);
      if (name.isEmpty() || name.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
        throw new IllegalArgumentException("invalid column name '" + name
            + "': must be non-empty without commas, quotes or line breaks");
      }
      if (index.put(name, i) != null) {
        throw new IllegalArgumentException("duplicate column name '" + name + "'");
      }
    }
  }

  /** {@return the column names, in order} */
  public List<String> columns() {
    return columns;
  }

  /** {@return the number of rows} */
  public int size() {
    return rows.size();
  }

  /**
   * The row at {@code index} (0 = first data row).
   *
   * @param index the row's index, from 0
   * @return the row
   */
  public SummaryRow row(int index) {
    return rows.get(index);
  }

  /** {@return all rows in order (an unmodifiable view)} */
  public List<SummaryRow> rows() {
    return Collections.unmodifiableList(rows);
  }

  /**
   * Appends a row. Columns absent from {@code values} (or mapped to {@code null}) are missing.
   *
   * @param values the row's values by column name
   * @return the new row
   * @throws IllegalArgumentException if a key is not a column of this table
   */
  public SummaryRow addRow(Map<String, ? extends Number> values) {
    Double[] cells = new Double[columns.size()];
    for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
      Integer i = index.get(e.getKey());
      if (i == null) {
        throw new IllegalArgumentException("unknown column '" + e.getKey() + "', the columns are " + columns);
      }
      cells[i] = e.getValue() == null ? null : e.getValue().doubleValue();
    }
    SummaryRow row = new SummaryRow(this, cells);
    rows.add(row);
    return row;
  }

  /**
   * The values of one column over all rows; missing cells are NaN.
   *
   * @param name the column's name
   * @return one value per row, NaN where the cell is missing
   * @throws IllegalArgumentException if the table has no such column
   */
  public double[] column(String name) {
    int i = indexOf(name);
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) {
      Double v = rows.get(r).cell(i);
      out[r] = v == null ? Double.NaN : v;
    }
    return out;
  }

  /** Position of a column. */
  int indexOf(String column) {
    Integer i = index.get(Objects.requireNonNull(column, "column"));
    if (i == null) {
      throw new IllegalArgumentException("unknown column '" + column + "', the columns are " + columns);
    }
    return i;
  }

  /** Equal when columns and all cells are equal (NaN equals NaN; missing equals only missing). */
  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof SummaryTable other && columns.equals(other.columns) && rows.equals(other.rows));
  }

  @Override
  public int hashCode() {
    return 31 * columns.hashCode() + rows.hashCode();
  }

  @Override
  public String toString() {
    return "SummaryTable" + columns + " with " + rows.size() + " rows";
  }
}
