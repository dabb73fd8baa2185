package org.l2o.strategies.run;

import java.nio.file.Path;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.train.MetaTrainingListener;
import org.l2o.core.train.PeriodResult;
import org.l2o.strategies.Decision;
import org.l2o.strategies.PeriodPlan;
import org.l2o.strategies.Position;

/**
 * Progress of a {@link StrategyRunner}; also receives the learner's per-meta-step events. Every method has an
 * empty default. Events of one period, in order: {@link #onPeriodStart}, the learner's events of training and
 * validation, {@link #onPeriodEnd}, {@link #onDecision}, then {@link #onRestore} if the decision reloads a
 * checkpoint.
 */
public interface StrategyListener extends MetaTrainingListener {

  /** Before the first period of a run: where it starts (fresh or resumed). */
  default void onStart(ResumePoint start) {}

  /** The learner was restored from a checkpoint ({@code prefix}) before the next period. */
  default void onRestore(Position position, Path prefix) {}

  /** A period is about to train. */
  default void onPeriodStart(PeriodPlan plan) {}

  /** A period was committed: checkpoint, log and summary row are written. */
  default void onPeriodEnd(PeriodPlan plan, PeriodResult training, PeriodResult validation, SummaryRow row) {}

  /** What follows the period; {@link Decision#line()} is the one-line decision log. */
  default void onDecision(Decision decision) {}

  /** Ignores everything. */
  StrategyListener NONE = new StrategyListener() {};
}
