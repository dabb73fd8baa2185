package org.l2o.core.train;

import java.io.IOException;
import java.nio.file.Path;
import org.l2o.core.event.ProgressListener;

/**
 * What a training strategy drives: something that runs training and validation periods and saves and restores
 * its full training state (policy weights and outer optimizer). The {@link MetaLearner} is the implementation;
 * strategies know nothing about LSTMs or graphs.
 */
public interface Learner {

  /** Runs one training or validation period (spec §5.1), reporting {@link MetaTrainingEvents} to the listener. */
  PeriodResult run(PeriodArgs args, ProgressListener listener);

  /** Writes the policy weights and the outer optimizer state as a checkpoint, atomically. */
  void save(Path prefix) throws IOException;

  /** Restores the policy weights and the outer optimizer state from a checkpoint written by {@link #save}. */
  void restore(Path prefix) throws IOException;

  /** Number of teachers (the width of the teacher_counts statistic). */
  int teacherCount();

  /**
   * Number of training problems a period runs in turn (the leading axis of the period logs); a period's
   * statistics hold their meta-steps one problem after the other.
   */
  default int problemCount() {
    return 1;
  }
}
