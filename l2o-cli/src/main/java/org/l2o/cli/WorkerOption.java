package org.l2o.cli;

import org.l2o.strategies.run.RunWorkers;
import picocli.CommandLine.Option;

/** {@code --workers}: how many meta-training workers feed the one learner (the original's replicas). */
final class WorkerOption {
  /** The most workers one process runs. */
  static final int MAX_WORKERS = 64;

  @Option(names = "--workers", paramLabel = "N",
      description = "Meta-training workers, each on its own problem instances in its own thread with its own graphs:"
          + " every meta-step runs one window per worker at once and applies the mean of their meta-gradients"
          + " (the original's replicas, averaged). Worker r runs on GPU r mod (GPUs seen), or on the CPU with --cpu"
          + " or without GPUs (CPU workers share TensorFlow's process-wide thread pools). Default: one per GPU"
          + " seen, 1 on the CPU. More workers mean more problem instances per meta-step, so the count is part of the"
          + " run: the first run saves it in DIR/workers.txt and a resumed run keeps it (another --workers is"
          + " refused).")
  Integer workers;

  /** The worker count for a process that sees {@code gpus} GPUs (checks --workers; writes nothing). */
  int resolve(int gpus) {
    Counts.check("--workers", workers, 1, MAX_WORKERS);
    return workers != null ? workers : Math.max(1, gpus);
  }

  /**
   * The worker count of the run in {@code directory}: the one it started with ({@link RunWorkers}), else this
   * option's, saved for later resumes.
   */
  int resolve(java.nio.file.Path directory, int gpus) {
    return RunWorkers.resolve(directory, workers, resolve(gpus));
  }
}
