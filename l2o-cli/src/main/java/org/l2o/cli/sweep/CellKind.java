package org.l2o.cli.sweep;

/** The kinds of cells of a sweep, in the order their stages are listed. */
public enum CellKind {
  /** Meta-training of one replicate of a recipe ({@code l2o train}). */
  TRAIN("train"),
  /** Evaluation of one trained replicate on every evaluation problem ({@code l2o evaluate}). */
  EVALUATE("evaluate"),
  /** One analytical optimizer on every evaluation problem ({@code l2o baseline}). */
  BASELINE("baseline");

  private final String key;

  CellKind(String key) {
    this.key = key;
  }

  /** The kind's name in cell ids and in the sweep file's {@code resources}. */
  public String key() {
    return key;
  }
}
