package org.l2o.eval.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;

/** Writes small evaluation files of the spec §9.2 schema with chosen curves. */
final class SyntheticResults {
  private SyntheticResults() {}

  /** A per-epoch curve of run r. */
  interface Curve {
    double at(int run, int epoch);
  }

  /**
   * Writes an npz with {@code runs} x {@code epochs} arrays; accuracy is derived from the val loss,
   * batch arrays have 3 batches per epoch.
   */
  static Path write(Path file, int runs, int epochs, Curve loss, Curve valLoss) throws IOException {
    int nb = 3;
    float[][] batchLoss = new float[runs][epochs * nb];
    float[][] batchTime = new float[runs][epochs * nb];
    float[][] l = new float[runs][epochs];
    float[][] acc = new float[runs][epochs];
    float[][] vl = new float[runs][epochs];
    float[][] vacc = new float[runs][epochs];
    float[][] time = new float[runs][epochs];
    for (int r = 0; r < runs; r++) {
      for (int e = 0; e < epochs; e++) {
        l[r][e] = (float) loss.at(r, e);
        vl[r][e] = (float) valLoss.at(r, e);
        acc[r][e] = (float) Math.exp(-l[r][e]);
        vacc[r][e] = (float) Math.exp(-vl[r][e]);
        time[r][e] = e + 1;
        for (int b = 0; b < nb; b++) {
          batchLoss[r][e * nb + b] = l[r][e];
          batchTime[r][e * nb + b] = e + (b + 1f) / nb;
        }
      }
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("batch_loss", NpyArray.float32(batchLoss));
    arrays.put("batch_time", NpyArray.float32(batchTime));
    arrays.put("loss", NpyArray.float32(l));
    arrays.put("sparse_categorical_accuracy", NpyArray.float32(acc));
    arrays.put("val_loss", NpyArray.float32(vl));
    arrays.put("val_sparse_categorical_accuracy", NpyArray.float32(vacc));
    arrays.put("epoch_time", NpyArray.float32(time));
    Npz.write(file, arrays);
    return file;
  }

  /** A decaying loss curve a·exp(-k·e) + floor with a small run-dependent wiggle. */
  static Curve decay(double a, double k, double floor, IntToDoubleFunction wiggle) {
    return (r, e) -> a * Math.exp(-k * e) + floor + wiggle.applyAsDouble(r) * 0.01 * Math.sin(1.7 * e + r);
  }
}
