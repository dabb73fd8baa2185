package org.l2o.eval.stats;

/**
 * The per-run evaluation statistics of spec §9.4 / §17, under the names the original uses. All
 * logarithms are natural; "loss" is the mean training-batch loss per epoch, "val_loss" the test
 * loss per epoch. See {@link EvaluationStatistics} for the exact definitions.
 */
public enum Statistic {
  /** ln of the smallest non-NaN val_loss. */
  VAL_BEST("val_best"),
  /** Epoch index of the smallest val_loss (NumPy argmin: the first NaN if there is one). */
  VAL_BEST_INDEX("val_best_index"),
  /** ln of val_loss at the last epoch. */
  VAL_LAST("val_last"),
  /** Mean over epochs of ln val_loss. */
  VAL_META("val_meta"),
  /** Optimisation stability: std over epochs of ln G2(val_loss) - ln val_loss. */
  VAL_STABILITY("val_stability"),
  /** ln of the smallest non-NaN training loss. */
  TRAIN_BEST("train_best"),
  /** Epoch index of the smallest training loss (NumPy argmin). */
  TRAIN_BEST_INDEX("train_best_index"),
  /** ln of the training loss at the last epoch. */
  TRAIN_LAST("train_last"),
  /** ln of the training loss at epoch index 9 (NaN with fewer than 10 epochs). */
  TRAIN_10("train_10"),
  /** Mean over epochs of ln training loss. */
  TRAIN_META("train_meta"),
  /** Largest validation accuracy of the run. */
  ACC_BEST("acc_best");

  private final String key;

  Statistic(String key) {
    this.key = key;
  }

  /** The original's name, e.g. {@code "val_best"}. */
  public String key() {
    return key;
  }

  /** The statistic with this name. */
  public static Statistic fromKey(String key) {
    for (Statistic s : values()) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown statistic '" + key + "'");
  }
}
