package org.l2o.core.tensorboard;

import java.nio.file.Path;

/**
 * Where an experiment directory's TensorBoard runs live, so that {@code tensorboard --logdir DIR} shows one
 * experiment and {@code tensorboard --logdir RESULTS} a whole sweep (each run named by its path):
 * <pre>
 * DIR/tensorboard/train/                                   meta-training (all periods, resumes included)
 * DIR/tensorboard/eval/&lt;problem&gt;[_suffix]/&lt;checkpoint&gt;/run_&lt;r&gt;/   evaluation repeat r (0-based)
 * </pre>
 */
public final class TensorBoardRuns {
  /** The folder of an experiment directory that holds its TensorBoard runs. */
  public static final String FOLDER = "tensorboard";

  private TensorBoardRuns() {}

  /**
   * {@code DIR/tensorboard/train}.
   *
   * @param experiment the experiment directory DIR
   * @return the training run's directory
   */
  public static Path training(Path experiment) {
    return experiment.resolve(FOLDER).resolve("train");
  }

  /**
   * {@code DIR/tensorboard/eval/<evalFolder>/<checkpoint>}: the runs of one evaluation, one sub-folder per repeat.
   *
   * @param experiment the experiment directory DIR
   * @param evalFolder the evaluation's folder under {@code eval/} ({@code <problem>[_suffix]}), a plain name
   * @param checkpoint the evaluated checkpoint's name, a plain name
   * @return the evaluation's directory
   */
  public static Path evaluation(Path experiment, String evalFolder, String checkpoint) {
    return experiment.resolve(FOLDER).resolve("eval").resolve(evalFolder).resolve(checkpoint);
  }

  /**
   * The run of repeat {@code repeat} (0-based) in an evaluation's folder: {@code run_<repeat>}.
   *
   * @param evaluation an evaluation's directory, as {@link #evaluation} gives it
   * @param repeat the repeat's index, from 0
   * @return the repeat's run directory
   */
  public static Path repeat(Path evaluation, int repeat) {
    return evaluation.resolve("run_" + repeat);
  }
}
