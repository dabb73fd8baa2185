package org.l2o.cli;

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
          + " seen, 1 on the CPU. More workers mean more problem instances per meta-step: the run differs from"
          + " one with another count, so resume a run with the count it started with.")
  Integer workers;

  /** The worker count for a process that sees {@code gpus} GPUs. */
  int resolve(int gpus) {
    Counts.check("--workers", workers, 1, MAX_WORKERS);
    return workers != null ? workers : Math.max(1, gpus);
  }
}
