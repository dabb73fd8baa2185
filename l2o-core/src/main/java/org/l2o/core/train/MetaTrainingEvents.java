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

  /**
   * Training meta-step {@code step} (0-based) applied no update: its meta-gradient was not finite, or its window
   * measured nothing (the student's loss was not finite at the window's first step).
   *
   * @param step the meta-step's index in the period, from 0
   * @param reason why, e.g. "the meta-gradient was not finite"
   */
  public record SkippedUpdate(int step, String reason) implements ProgressEvent {}

  /**
   * At training meta-step {@code step} (0-based), teacher {@code teacher}'s imitation distance was not finite: the
   * teacher diverged, so the imitation loss is not finite and teaches the student nothing.
   *
   * @param step the meta-step's index in the period, from 0
   * @param teacher 0-based index in the config's teachers
   * @param name    the teacher's policy name
   */
  public record TeacherDiverged(int step, int teacher, String name) implements ProgressEvent {}
}
