package org.l2o.eval.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.eval.stats.EvaluationStatistics;

/**
 * The per-epoch curves of one evaluation file (spec §9.2 schema): training loss, test loss and
 * test accuracy, each [runs][epochs], with the file they came from. Other keys of the file
 * (batch-level arrays, times) are not needed by the report and are not kept.
 *
 * @param source      the npz file, as it was found (used in messages and in the report)
 * @param loss        mean training-batch loss per epoch, [R][E]
 * @param valLoss     test loss per epoch, [R][E]
 * @param valAccuracy test accuracy per epoch, [R][E]
 */
public record EvaluationRecord(Path source, double[][] loss, double[][] valLoss, double[][] valAccuracy) {

  /** Checks that the three arrays are non-empty and of one rectangular shape. */
  public EvaluationRecord {
    Objects.requireNonNull(source, "source");
    int runs = checkMatrix(source, EvaluationStatistics.LOSS_KEY, loss, -1, -1);
    int epochs = loss[0].length;
    checkMatrix(source, EvaluationStatistics.VAL_LOSS_KEY, valLoss, runs, epochs);
    checkMatrix(source, EvaluationStatistics.VAL_ACCURACY_KEY, valAccuracy, runs, epochs);
  }

  /**
   * Reads an evaluation npz.
   *
   * @throws IOException if the file cannot be read or lacks one of the keys {@code loss},
   *     {@code val_loss}, {@code val_sparse_categorical_accuracy} as a 2-d [runs, epochs] array
   */
  public static EvaluationRecord load(Path npz) throws IOException {
    Map<String, NpyArray> arrays = Npz.read(npz);
    try {
      return new EvaluationRecord(npz, matrix(npz, arrays, EvaluationStatistics.LOSS_KEY),
          matrix(npz, arrays, EvaluationStatistics.VAL_LOSS_KEY),
          matrix(npz, arrays, EvaluationStatistics.VAL_ACCURACY_KEY));
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(e.getMessage(), e);
    }
  }

  /** Number of evaluation runs R. */
  public int runs() {
    return loss.length;
  }

  /** Number of epochs E. */
  public int epochs() {
    return loss[0].length;
  }

  /** The spec §9.4 statistics of this file's runs. */
  public EvaluationStatistics statistics() {
    return EvaluationStatistics.compute(loss, valLoss, valAccuracy);
  }

  private static double[][] matrix(Path npz, Map<String, NpyArray> arrays, String key) {
    NpyArray a = arrays.get(key);
    if (a == null) {
      throw new IllegalArgumentException(npz + ": no array '" + key + "' (keys: " + arrays.keySet() + ")");
    }
    if (a.rank() != 2) {
      throw new IllegalArgumentException(npz + ": '" + key + "' should be [runs, epochs] but is " + a);
    }
    return a.toDoubleMatrix();
  }

  private static int checkMatrix(Path source, String key, double[][] m, int runs, int epochs) {
    if (m == null || m.length == 0 || m[0].length == 0) {
      throw new IllegalArgumentException(source + ": '" + key + "' is missing or empty");
    }
    int e = epochs < 0 ? m[0].length : epochs;
    if (runs >= 0 && m.length != runs) {
      throw new IllegalArgumentException(source + ": '" + key + "' has " + m.length + " runs, expected " + runs);
    }
    for (int r = 0; r < m.length; r++) {
      if (m[r].length != e) {
        throw new IllegalArgumentException(
            source + ": '" + key + "' run " + r + " has " + m[r].length + " epochs, expected " + e);
      }
    }
    return m.length;
  }
}
