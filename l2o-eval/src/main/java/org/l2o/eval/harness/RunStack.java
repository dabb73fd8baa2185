package org.l2o.eval.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.l2o.core.io.NpyArray;

/**
 * The runs of one (problem, optimizer) evaluation stacked along a leading repeat axis, under the keys of
 * the original's result files (spec §9.2): {@code batch_loss}, {@code batch_time} [R, E*nb];
 * {@code loss}, {@code sparse_categorical_accuracy}, {@code val_loss},
 * {@code val_sparse_categorical_accuracy}, {@code epoch_time} [R, E]; and the optimizer's debug records
 * ({@link #debugArrays()}).
 */
public final class RunStack {
  /** The result keys in the order they are written. */
  public static final List<String> KEYS = List.of("batch_loss", "batch_time", "loss",
      "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy", "epoch_time");

  private final List<RunRecord> runs = new ArrayList<>();

  /** Adds one run; every run must have the same number of epochs and batches. */
  public void add(RunRecord run) {
    if (!runs.isEmpty()) {
      RunRecord first = runs.get(0);
      if (first.epochs() != run.epochs() || first.batchLoss().length != run.batchLoss().length) {
        throw new IllegalArgumentException("runs differ in length: " + first.epochs() + " vs " + run.epochs()
            + " epochs, " + first.batchLoss().length + " vs " + run.batchLoss().length + " batches");
      }
      if (!first.debug().keySet().equals(run.debug().keySet())) {
        throw new IllegalArgumentException("runs differ in their debug records: " + first.debug().keySet() + " vs "
            + run.debug().keySet());
      }
    }
    runs.add(run);
  }

  /** The runs added so far. */
  public List<RunRecord> runs() {
    return List.copyOf(runs);
  }

  /** Each key of {@link #KEYS} with its [R, ...] array. */
  public Map<String, float[][]> arrays() {
    Map<String, float[][]> out = new LinkedHashMap<>();
    out.put("batch_loss", stack(RunRecord::batchLoss));
    out.put("batch_time", stack(RunRecord::batchTime));
    out.put("loss", stack(RunRecord::loss));
    out.put("sparse_categorical_accuracy", stack(RunRecord::accuracy));
    out.put("val_loss", stack(RunRecord::valLoss));
    out.put("val_sparse_categorical_accuracy", stack(RunRecord::valAccuracy));
    out.put("epoch_time", stack(RunRecord::epochTime));
    return out;
  }

  /**
   * The runs' debug records (keys starting with {@code _}, e.g. {@code _choices_<variable>}), each stacked to
   * [R, batches, width]; empty for optimizers without. They are written beside the {@link #KEYS}.
   */
  public Map<String, NpyArray> debugArrays() {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    if (runs.isEmpty()) {
      return out;
    }
    for (String key : runs.get(0).debug().keySet()) {
      float[][] first = runs.get(0).debug().get(key);
      int steps = first.length;
      int width = first[0].length;
      float[] flat = new float[runs.size() * steps * width];
      for (int r = 0; r < runs.size(); r++) {
        float[][] rows = runs.get(r).debug().get(key);
        for (int s = 0; s < steps; s++) {
          System.arraycopy(rows[s], 0, flat, (r * steps + s) * width, width);
        }
      }
      out.put(key, NpyArray.float32(flat, runs.size(), steps, width));
    }
    return out;
  }

  private float[][] stack(Function<RunRecord, float[]> field) {
    float[][] out = new float[runs.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = field.apply(runs.get(r)).clone();
    }
    return out;
  }
}
