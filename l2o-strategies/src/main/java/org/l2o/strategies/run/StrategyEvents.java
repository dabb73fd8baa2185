package org.l2o.strategies.run;

import java.nio.file.Path;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.train.PeriodResult;
import org.l2o.strategies.Decision;
import org.l2o.strategies.PeriodPlan;
import org.l2o.strategies.Position;

/**
 * The {@link ProgressEvent}s a {@link StrategyRunner} emits. Events of one period, in order:
 * {@link PeriodStarted}, the learner's {@code MetaTrainingEvents} of training and validation, {@link PeriodEnded},
 * {@link DecisionMade}, then {@link CheckpointRestored} if the decision reloads a checkpoint.
 */
public final class StrategyEvents {
  private StrategyEvents() {}

  /** Before the first period of a run: where it starts (fresh, resumed or already complete). */
  public record RunStarted(ResumePoint start) implements ProgressEvent {}

  /** The learner was restored from the checkpoint {@code prefix} of {@code position} before the next period. */
  public record CheckpointRestored(Position position, Path prefix) implements ProgressEvent {}

  /** A period is about to train. */
  public record PeriodStarted(PeriodPlan plan) implements ProgressEvent {}

  /** A period was committed: checkpoint, log and summary row are written. */
  public record PeriodEnded(PeriodPlan plan, PeriodResult training, PeriodResult validation, SummaryRow row)
      implements ProgressEvent {}

  /** What follows the period; {@link Decision#line()} is the one-line decision log. */
  public record DecisionMade(Decision decision) implements ProgressEvent {}
}
