package org.l2o.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.l2o.core.tensorboard.TensorBoardRuns;
import org.l2o.core.train.MetaLearner;
import org.l2o.core.train.ProblemSequenceLearner;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.problems.data.Datasets;
import org.l2o.strategies.run.RunResult;
import org.l2o.strategies.run.RunSeed;
import org.l2o.strategies.run.StrategyRunner;
import org.l2o.strategies.run.TensorBoardTraining;

/** Runs (or continues) the strategy of an experiment directory whose config.json is in place. */
final class StrategyRun {
  private StrategyRun() {}

  /** Refuses a negative {@code --max-periods} (before anything is written). */
  static void checkMaxPeriods(Integer maxPeriods) {
    if (maxPeriods != null && maxPeriods < 0) {
      throw new IllegalArgumentException("--max-periods must be >= 0, got " + maxPeriods);
    }
  }

  /**
   * @param experiment the checked experiment of the directory's config.json
   * @param seed       the run seed asked for (--seed), null for the directory's (or, on a first run, a fresh one)
   * @param maxPeriods stop after this many periods, null for the whole schedule
   * @param workers    meta-training workers ({@link WorkerOption})
   * @param gpus       GPUs the process sees ({@link DeviceOptions#apply}); 0: the CPU
   * @param tensorboard whether to write TensorBoard events ({@link TensorBoardOption})
   */
  static void run(Path directory, Experiment experiment, Long seed, Integer maxPeriods, int workers, int gpus,
      boolean tensorboard, ConsoleProgress progress) throws IOException {
    long runSeed = RunSeed.resolve(directory, seed);
    try (ProblemSequenceLearner learner = ExperimentBuilder.trainingLearner(experiment, Datasets::load, runSeed,
        workers, gpus);
        TensorBoardTraining events = new TensorBoardTraining(TensorBoardRuns.training(directory),
            teachers(learner.learners().get(0)))) {
      if (workers > 1) {
        progress.line(workers + " workers, on " + (gpus == 0 ? "the CPU" : gpus + " GPU(s)"));
      }
      for (var problem : ExperimentBuilder.problems(experiment, Datasets::load)) {
        Datasets.ensure(problem.dataset().name());
      }
      StrategyRunner runner = new StrategyRunner(directory, experiment.strategy(), experiment.stats(), learner,
          runSeed, tensorboard ? new TrainingProgress(progress).andThen(events) : new TrainingProgress(progress));
      RunResult result = maxPeriods == null ? runner.run() : runner.run(maxPeriods);
      progress.line(String.format("%d period(s) trained; %s", result.periodsTrained(), result.done()
          ? "the schedule is complete"
          : "stopped before the end of the schedule (continue with: l2o resume "
              + ShellWords.quote(directory.toString()) + ")"));
    }
  }

  /** The teachers' names, the same for every problem of the sequence (one pool). */
  private static List<String> teachers(MetaLearner learner) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < learner.teacherCount(); k++) {
      names.add(learner.teacherName(k));
    }
    return names;
  }
}
