package org.l2o.eval.harness;

/** Progress callbacks of the {@link TrainingHarness}; every method has an empty default. */
public interface HarnessListener {

  /** Called after every training batch. */
  default void onBatch(int epoch, int batch, int batchesPerEpoch, float loss) {}

  /** Called after each epoch's test pass. */
  default void onEpoch(int epoch, int epochs, float loss, float accuracy, float valLoss, float valAccuracy,
      double seconds) {}

  /** A listener that ignores everything. */
  HarnessListener NONE = new HarnessListener() {};
}
