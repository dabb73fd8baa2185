package org.l2o.strategies;

/**
 * What the decision logic needs of one {@code summary.csv} row.
 *
 * @param position   the row's stage / period / repeat
 * @param validation the validation meta loss (the selection criterion); may be NaN
 * @param metaLoss   the training meta loss (the {@code meta_loss} column; NaN when the column is absent)
 */
public record PeriodRecord(Position position, double validation, double metaLoss) {}
