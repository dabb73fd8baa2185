package org.l2o.core.train;

/** Progress callbacks of the {@link MetaLearner}; every method has an empty default. */
public interface MetaTrainingListener {

  /** After every meta-step (training or validation). */
  default void onMetaStep(boolean validation, int step, int steps, float metaLoss, float imitationLoss) {}

  /** When a meta-gradient was not finite and its update was skipped. */
  default void onSkippedUpdate(int step) {}

  /** Ignores everything. */
  MetaTrainingListener NONE = new MetaTrainingListener() {};
}
