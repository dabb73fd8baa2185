package org.l2o.core.io;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalDouble;

/** One immutable row of a {@link SummaryTable}: a number or nothing per column. */
public final class SummaryRow {
  private final SummaryTable table;
  private final Double[] cells;

  SummaryRow(SummaryTable table, Double[] cells) {
    this.table = table;
    this.cells = cells;
  }

  /**
   * Whether the row has a value (possibly NaN) in {@code column}.
   *
   * @param column the column name
   * @return true if the cell is present
   */
  public boolean has(String column) {
    return cells[table.indexOf(column)] != null;
  }

  /**
   * The value in {@code column}.
   *
   * @param column the column name
   * @return the value, possibly NaN
   * @throws NoSuchElementException if the cell is missing
   * @throws IllegalArgumentException if the table has no such column
   */
  public double get(String column) {
    Double v = cells[table.indexOf(column)];
    if (v == null) {
      throw new NoSuchElementException("the row has no value in column '" + column + "'");
    }
    return v;
  }

  /**
   * The value in {@code column}, empty if the cell is missing.
   *
   * @param column the column name
   * @return the value, or empty
   */
  public OptionalDouble find(String column) {
    Double v = cells[table.indexOf(column)];
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /**
   * The value in {@code column} as an int, for counters such as period or repeat (pandas may have
   * written them as {@code 3.0}).
   *
   * @param column the column name
   * @return the value
   * @throws IllegalStateException if the value is not an integral number in int range
   */
  public int getInt(String column) {
    double v = get(column);
    if (v != Math.rint(v) || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalStateException("column '" + column + "' holds " + v + ", not an integer");
    }
    return (int) v;
  }

  /**
   * The present values in column order (unmodifiable).
   *
   * @return the values by column name
   */
  public Map<String, Double> values() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < cells.length; i++) {
      if (cells[i] != null) {
        out.put(table.columns().get(i), cells[i]);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The cell at column position {@code i}, null when missing. */
  Double cell(int i) {
    return cells[i];
  }

  /** Equal when all cells are equal (Double.equals: NaN equals NaN, -0.0 differs from 0.0). */
  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof SummaryRow other && Arrays.equals(cells, other.cells));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cells);
  }

  @Override
  public String toString() {
    return values().toString();
  }
}
