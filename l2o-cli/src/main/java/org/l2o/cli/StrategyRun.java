package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.l2o.core.train.MetaLearner;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.problems.data.Datasets;
import org.l2o.strategies.run.RunResult;
import org.l2o.strategies.run.StrategyRunner;

/** Runs (or continues) the strategy of an experiment directory whose config.json is in place. */
final class StrategyRun {
  private StrategyRun() {}

  /**
   * @param seed       seed of the training randomness, null for a fresh stream
   * @param maxPeriods stop after this many periods, null for the whole schedule
   */
  static void run(Path directory, ObjectNode config, Long seed, Integer maxPeriods, ConsoleProgress progress)
      throws IOException {
    try (MetaLearner learner = ExperimentBuilder.learner(config, Datasets::load, seed)) {
      Datasets.ensure(ExperimentBuilder.problem(config, Datasets::load).dataset().name());
      StrategyRunner runner = StrategyRunner.fromConfig(directory, config, learner, new TrainingProgress(progress));
      RunResult result = maxPeriods == null ? runner.run() : runner.run(maxPeriods);
      progress.line(String.format("%d period(s) trained; %s", result.periodsTrained(), result.done()
          ? "the schedule is complete"
          : "stopped before the end of the schedule (continue with: l2o resume " + directory + ")"));
    }
  }
}
