package org.l2o.eval.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything recorded while training one problem once with one optimizer (spec §9.2). Arrays are indexed
 * by training batch (length epochs * batches per epoch) or by epoch.
 *
 * @param batchLoss     loss of every training minibatch, before its update
 * @param batchTime     seconds since the start of training at the end of every training minibatch
 * @param loss          mean training-batch loss per epoch (a running loss, not a re-evaluation)
 * @param accuracy      training accuracy per epoch, from the pre-update predictions
 * @param valLoss       test loss per epoch (mean over test batches)
 * @param valAccuracy   test accuracy per epoch
 * @param epochTime     seconds since the start at the end of each epoch's training part
 * @param debug         the optimizer's debug records after every training minibatch, by result key
 *                      ([batches][width]; e.g. {@code _choices_<variable>}, see {@link TrainingGraph#debug()});
 *                      empty for optimizers without
 */
public record RunRecord(
    float[] batchLoss,
    float[] batchTime,
    float[] loss,
    float[] accuracy,
    float[] valLoss,
    float[] valAccuracy,
    float[] epochTime,
    Map<String, float[][]> debug) {

  public RunRecord {
    debug = Collections.unmodifiableMap(new LinkedHashMap<>(debug));
  }

  /** A run without debug records. */
  public RunRecord(float[] batchLoss, float[] batchTime, float[] loss, float[] accuracy, float[] valLoss,
      float[] valAccuracy, float[] epochTime) {
    this(batchLoss, batchTime, loss, accuracy, valLoss, valAccuracy, epochTime, Map.of());
  }

  /** Number of epochs recorded. */
  public int epochs() {
    return loss.length;
  }
}
