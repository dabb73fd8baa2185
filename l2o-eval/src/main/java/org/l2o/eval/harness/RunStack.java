package org.l2o.eval.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The runs of one (problem, optimizer) evaluation stacked along a leading repeat axis, under the keys of
 * the original's result files (spec §9.2): {@code batch_loss}, {@code batch_time} [R, E*nb];
 * {@code loss}, {@code sparse_categorical_accuracy}, {@code val_loss},
 * {@code val_sparse_categorical_accuracy}, {@code epoch_time} [R, E].
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

  private float[][] stack(Function<RunRecord, float[]> field) {
    float[][] out = new float[runs.size()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = field.apply(runs.get(r)).clone();
    }
    return out;
  }
}
