package org.l2o.core.train;

import org.l2o.core.event.ProgressEvent;

/** The {@link ProgressEvent}s a {@link Learner} emits during a period. */
public final class MetaTrainingEvents {
  private MetaTrainingEvents() {}

  /**
   * A meta-step (training or validation) finished.
   *
   * @param validation    true in a validation period
   * @param step          0-based index of the meta-step in its period
   * @param steps         meta-steps of the period
   * @param metaLoss      the window's weighted meta loss
   * @param imitationLoss the window's imitation loss
   */
  public record MetaStep(boolean validation, int step, int steps, float metaLoss, float imitationLoss)
      implements ProgressEvent {}

  /** The meta-gradient of training meta-step {@code step} (0-based) was not finite; its update was skipped. */
  public record SkippedUpdate(int step) implements ProgressEvent {}
}
