package org.l2o.strategies;

/**
 * What the decision logic needs of one {@code summary.csv} row.
 *
 * @param position        the row's stage / period / repeat
 * @param validation      the validation meta loss (the selection criterion); may be NaN
 * @param metaLoss        the training meta loss (the {@code meta_loss} column; NaN when the column is absent)
 * @param noUpdateApplied the training period skipped every one of its meta-updates (the {@code skipped_updates}
 *                        column equals depth * epochs): it failed, and the strategies treat it as diverged
 *                        whatever its losses say (false when the column is absent, as in the original's files)
 */
public record PeriodRecord(Position position, double validation, double metaLoss, boolean noUpdateApplied) {

  /** A record of a period that applied updates. */
  public PeriodRecord(Position position, double validation, double metaLoss) {
    this(position, validation, metaLoss, false);
  }

  /** Whether the row may be chosen as "best": a validation to compare and a period that trained. */
  public boolean comparable() {
    return !Double.isNaN(validation) && !noUpdateApplied;
  }
}
