package org.l2o.eval.harness;

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
 */
public record RunRecord(
    float[] batchLoss,
    float[] batchTime,
    float[] loss,
    float[] accuracy,
    float[] valLoss,
    float[] valAccuracy,
    float[] epochTime) {

  /** Number of epochs recorded. */
  public int epochs() {
    return loss.length;
  }
}
