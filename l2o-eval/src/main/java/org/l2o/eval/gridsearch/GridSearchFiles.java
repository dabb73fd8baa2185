package org.l2o.eval.gridsearch;

import java.nio.file.Path;
import java.util.Objects;
import org.l2o.core.json.PythonFloat;

/**
 * Where a grid search's files live under a directory: {@code gridsearch/<problem>/<policy>/<str(lr)>.npz}, as
 * the original's {@code gridsearch.py} writes them ({@code "gridsearch/{}/{}".format(problem, policy)}, the file
 * named by Python's {@code str(lr)}), and the table of its best learning rates,
 * {@code gridsearch/<problem>/best.json}.
 */
public final class GridSearchFiles {
  /** The folder under the output directory. */
  public static final String FOLDER = "gridsearch";

  private GridSearchFiles() {}

  /** The folder of one problem's grid search. */
  public static Path problemFolder(Path directory, String problem) {
    return Objects.requireNonNull(directory, "directory").resolve(FOLDER).resolve(problem);
  }

  /** The result file of one (problem, policy, learning rate). */
  public static Path npz(Path directory, String problem, String policy, double learningRate) {
    return problemFolder(directory, problem).resolve(policy).resolve(PythonFloat.str(learningRate) + ".npz");
  }

  /** The table of best learning rates of one problem. */
  public static Path table(Path directory, String problem) {
    return problemFolder(directory, problem).resolve("best.json");
  }
}
