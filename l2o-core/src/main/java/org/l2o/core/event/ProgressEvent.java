package org.l2o.core.event;

/**
 * Something that happened during long work (a meta-step, a period, an epoch of an evaluation run), as an
 * immutable record handed to a {@link ProgressListener}. Each module declares its own events next to the code
 * that emits them: {@code org.l2o.core.train.MetaTrainingEvents}, {@code org.l2o.strategies.run.StrategyEvents},
 * {@code org.l2o.eval.harness.EvaluationEvents}. A listener picks the records it cares about and ignores the
 * rest, so adding an event never breaks a listener (DJL's {@code TrainingListener} with records instead of
 * one method per event).
 */
public interface ProgressEvent {}
