package org.l2o.cli;

import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.data.Datasets;
import org.l2o.problems.functions.FunctionProblems;

/** Resolves problem names for the commands, with data from the dataset cache. */
final class ProblemSupport {
  private ProblemSupport() {}

  /** The registered problem {@code name}, reading its data through {@link Datasets#load}. */
  static ImageClassifier problem(String name) {
    if (FunctionProblems.contains(name)) {
      throw new IllegalArgumentException(name + " is a function problem (no dataset, no epochs): `l2o evaluate` and"
          + " `l2o baseline` run it; this command takes the image problems of `l2o problems`");
    }
    return ProblemRegistry.create(name, Datasets::load);
  }

  /** Makes sure the problem's dataset is in the cache, fetching it if it can be fetched. */
  static void ensureData(ImageClassifier problem) {
    Datasets.ensure(problem.dataset().name());
  }
}
