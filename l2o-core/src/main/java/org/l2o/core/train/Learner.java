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

  /**
   * Runs one training or validation period (spec §5.1), reporting {@link MetaTrainingEvents} to the listener.
   *
   * @param args the period's settings
   * @param listener receives the period's events
   * @return the period's per-meta-step statistics
   */
  PeriodResult run(PeriodArgs args, ProgressListener listener);

  /**
   * Writes the policy weights and the outer optimizer state as a checkpoint, atomically.
   *
   * @param prefix the checkpoint's path prefix (the files are {@code <prefix>.index} and {@code <prefix>.data-*})
   * @throws java.io.IOException if the checkpoint cannot be written
   */
  void save(Path prefix) throws IOException;

  /**
   * Restores the policy weights and the outer optimizer state from a checkpoint written by {@link #save}.
   *
   * @param prefix the checkpoint's path prefix, as {@link #save} took it
   * @throws java.io.IOException if the checkpoint cannot be read, or does not match the student's weights
   */
  void restore(Path prefix) throws IOException;

  /**
   * Number of teachers (the width of the teacher_counts statistic).
   *
   * @return the number of teachers K
   */
  int teacherCount();

  /**
   * Number of training problems a period runs in turn (the leading axis of the period logs); a period's
   * statistics hold their meta-steps one problem after the other.
   *
   * @return the number of training problems, 1 unless a learner runs a sequence of problems
   */
  default int problemCount() {
    return 1;
  }
}
