package org.l2o.eval.harness;

import org.l2o.core.event.ProgressEvent;

/** The {@link ProgressEvent}s of an evaluation: {@link EvaluationRunner} and {@link TrainingHarness}. */
public final class EvaluationEvents {
  private EvaluationEvents() {}

  /** Before repeat {@code repeat} (0-based) of {@code repeats}. */
  public record RepeatStarted(int repeat, int repeats) implements ProgressEvent {}

  /** Repeat {@code repeat} (0-based) of {@code repeats} was finished by an earlier, interrupted evaluation. */
  public record RepeatRestored(int repeat, int repeats) implements ProgressEvent {}

  /** After every training batch: its loss (recorded before the update). */
  public record BatchDone(int epoch, int batch, int batchesPerEpoch, float loss) implements ProgressEvent {}

  /**
   * After each epoch's test pass.
   *
   * @param seconds wall time since the run started
   */
  public record EpochDone(int epoch, int epochs, float loss, float accuracy, float valLoss, float valAccuracy,
      double seconds) implements ProgressEvent {}
}
