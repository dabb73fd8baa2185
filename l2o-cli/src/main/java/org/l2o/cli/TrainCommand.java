package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.DirectoryLock;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.experiment.config.ConfigBuilder;
import org.l2o.experiment.config.ConfigOverride;
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.experiment.config.Overrides;
import org.l2o.strategies.run.RunSeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code l2o train}: meta-trains a learned optimizer (the original's train.py). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Meta-train a student policy on its training problem while it imitates the configured teachers",
        "(spec §5-§7). The config is BASE + STRATEGY + POLICY with the original's JSON keys, then the --presets",
        "in order, then the overrides; it is written to DIR/config.json. Re-running into a directory whose",
        "config differs is refused, listing the differences; re-running with the same config resumes.",
        "Every setting is checked before anything is written: a refused one leaves no config.json behind.",
        "DIR is locked while the command runs (DIR/.l2o.lock): a second l2o process working in DIR is refused,",
        "naming the holder; the lock of a process that died is taken over.",
        "Writes DIR/seed.txt (the run seed), DIR/summary.csv, DIR/checkpoint/<name>.index|.data-00000-of-00001",
        "and DIR/log/<name>.npz.",
        "",
        "Overrides: --a/b/c=VALUE sets a config value (VALUE is a Python literal: 0.5, 'text', True, None,",
        "[1, 2], {'k': 1}); a trailing /* appends to a list, e.g. --training/teachers/*={'class_name': 'SGD',",
        "'config': {'learning_rate': 0.2}}. Unknown paths and values of the wrong type are errors.",
        "Useful keys: --training/second_order=False (first-order meta-gradients),",
        "--training/validation_teachers=True (validation also runs the teachers, as the original; off by default:",
        "only the validation meta loss is read, and it is the same without them),",
        "--training/segment_length=S (training windows longer than S steps run in segments of at most S steps,",
        "recomputed in the backward pass: memory grows with S instead of the unroll, for a second forward pass of",
        "the student; 0 runs whole windows; default 20: 2.7 GB at unroll 100),",
        "--training/loss_reduce='reduce_mean' (mean amalgamation), --strategy/num_periods=N, --strategy/depth=N,",
        "--strategy/unroll_len=N, --strategy/epochs=N, --strategy/validation_depth=N, --strategy/validation_epochs=N.",
        "See `l2o presets` for the presets and what each overrides."},
    footer = {"", "Example (min-max amalgamation of Adam and RMSProp, curriculum as in the paper):",
        "  l2o train --strategy=curriculum --policy=rnnprop --presets=conv_train,adam,rmsprop,il_more --directory=results/rnnprop/min-max/1"})
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--directory", required = true, description = "Experiment directory (created if missing).")
  Path directory;

  @Option(names = "--strategy", defaultValue = "repeat",
      description = "Training strategy: simple, repeat or curriculum. Default: ${DEFAULT-VALUE} (as the original).")
  String strategy;

  @Option(names = "--policy", defaultValue = "rnnprop", description = "Student policy. Default: ${DEFAULT-VALUE}.")
  String policy;

  @Option(names = "--presets", defaultValue = "", paramLabel = "NAME[,NAME...]",
      description = "Presets applied in order (see `l2o presets`).")
  String presets;

  @Option(names = "--initialize", description = "Only write DIR/config.json; do not train.")
  boolean initialize;

  @Option(names = "--info", description = "Print the resolved config (what DIR/config.json would hold) after the"
      + " checks of the config, against DIR/config.json too if there is one, and exit: nothing is written, DIR is"
      + " neither created nor locked.")
  boolean info;

  @Option(names = "--seed", description = "The run seed: every random stream (initial weights, problems, batches) is"
      + " derived from it and the position in the schedule. Saved in DIR/seed.txt; `l2o resume` reuses it."
      + " Default: the saved one, or a random one on a first run.")
  Long seed;

  @Option(names = "--max-periods", description = "Stop after this many periods (a later run resumes). Default: run the whole schedule.")
  Integer maxPeriods;

  @Mixin
  WorkerOption workerOption = new WorkerOption();

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Mixin
  TensorBoardOption tensorboard = new TensorBoardOption();

  @Unmatched
  List<String> overrideArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    for (String arg : overrideArgs) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (overrides look like --a/b/c=VALUE)");
      }
    }
    List<ConfigOverride> overrides = Overrides.parseArgs(overrideArgs);
    ObjectNode config = new ConfigBuilder(Presets.directory())
        .build(strategy, policy, ConfigBuilder.splitPresetList(presets), overrides);
    // Everything is checked before anything is written: a refused setting leaves no config.json behind, so the
    // corrected command can be run into the same directory.
    Experiment experiment = ExperimentBuilder.check(config);
    StrategyRun.checkMaxPeriods(maxPeriods);
    int gpus = devices.apply();
    workerOption.resolve(gpus);
    if (info) {
      ExperimentConfig.checkAgainstSaved(directory, config); // what the run would refuse as "config differs"
      return ResolvedConfig.print(config);
    }
    AtomicFiles.requireWritableDirectory(directory);
    try (DirectoryLock lock = DirectoryLock.acquire(directory, "l2o train")) {
      boolean created = ExperimentConfig.createOrCheck(directory, config);
      ConsoleProgress progress = new ConsoleProgress(System.err);
      progress.line((created ? "wrote " : "config matches ") + directory.resolve("config.json"));
      if (initialize) {
        RunSeed.initialize(directory, seed);
        return 0;
      }
      int workers = workerOption.resolve(directory, gpus);
      StrategyRun.run(directory, experiment, seed, maxPeriods, workers, gpus, tensorboard.enabled, progress);
      return 0;
    }
  }
}
