package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.l2o.core.io.DirectoryLock;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.experiment.config.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o resume DIR}: continues an interrupted meta-training run. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
        "Continue an interrupted meta-training run from its config.json, summary.csv and checkpoints.",
        "Semantics: summary.csv is the record of completed periods (a period's checkpoint and log are written",
        "before its row, the row last, each file atomically). The run continues exactly where an uninterrupted",
        "run would have: after an accepted period from that period's checkpoint, with a pending repeat or stage",
        "change from the checkpoint the strategy reloads, with the run seed of DIR/seed.txt (bit-identical to the",
        "uninterrupted run). A period killed before its row was written is trained",
        "again; its stray files are overwritten. A row whose checkpoint or log is missing or incomplete is",
        "reported with its path and nothing is changed. A finished schedule trains nothing more.",
        "DIR is locked while it runs (a second l2o process working in DIR is refused), and its folders are checked",
        "to be writable before the first period is trained."})
final class ResumeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "The experiment directory.")
  Path directory;

  @Option(names = "--seed", description = "The run seed, as a check: it must equal the one saved in DIR/seed.txt"
      + " when the run started (a resumed run draws exactly what the uninterrupted run would). Default: the saved one.")
  Long seed;

  @Option(names = "--max-periods", description = "Stop after this many more periods. Default: run to the end of the schedule.")
  Integer maxPeriods;

  @Mixin
  WorkerOption workerOption = new WorkerOption();

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Mixin
  TensorBoardOption tensorboard = new TensorBoardOption();

  @Override
  public Integer call() throws Exception {
    ObjectNode config = ExperimentConfig.load(directory);
    Experiment experiment = ExperimentBuilder.check(config);
    StrategyRun.checkMaxPeriods(maxPeriods);
    int gpus = devices.apply();
    workerOption.resolve(gpus);
    try (DirectoryLock lock = DirectoryLock.acquire(directory, "l2o resume")) {
      int workers = workerOption.resolve(directory, gpus);
      ConsoleProgress progress = new ConsoleProgress(System.err);
      StrategyRun.run(directory, experiment, seed, maxPeriods, workers, gpus, tensorboard.enabled, progress);
      return 0;
    }
  }
}
