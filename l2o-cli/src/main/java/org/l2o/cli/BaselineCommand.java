package org.l2o.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.event.ProgressListener;
import org.l2o.eval.harness.EvaluationEvents;
import org.l2o.eval.harness.EvaluationFiles;
import org.l2o.eval.harness.EvaluationRunner;
import org.l2o.eval.harness.PartialEvaluation;
import org.l2o.eval.harness.RunStack;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.StatisticsTable;
import org.l2o.policies.optimizer.Baselines;
import org.l2o.problems.ImageClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2o baseline}: trains problems with analytical optimizers and writes the original's result files. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Train evaluation problems with analytical optimizers, as the original's baseline.py does (spec §9.5).",
        "Each (optimizer, problem) is trained --repeat times from fresh parameters; the runs are written to",
        "<directory>/baseline/<optimizer>/<problem>.npz (keys batch_loss, batch_time, loss,",
        "sparse_categorical_accuracy, val_loss, val_sparse_categorical_accuracy, epoch_time; leading repeat",
        "axis) with <problem>.stats.json beside it, and a statistics table is printed at the end.",
        "Datasets that are missing are fetched first. Each finished run is kept in <problem>.npz.runs/ until the",
        "result is written, so an interrupted evaluation run again with the same settings continues where it",
        "stopped, with the seed it started with."},
    footer = {"", "Example: l2o baseline --optimizer=adam,rmsprop --problem=conv_train,mlp_train --repeat=10 --epochs=25",
        "List the optimizers with: l2o baseline --list"})
final class BaselineCommand implements Callable<Integer> {

  @Option(names = "--optimizer", split = ",", defaultValue = "adam", paramLabel = "NAME[,NAME...]",
      description = "Optimizers (see --list). Default: ${DEFAULT-VALUE}.")
  List<String> optimizers;

  @Option(names = "--problem", split = ",", defaultValue = "conv_train", paramLabel = "NAME[,NAME...]",
      description = "Evaluation problems (see `l2o problems`). Default: ${DEFAULT-VALUE}.")
  List<String> problems;

  @Option(names = "--repeat", defaultValue = "10", description = "Training runs per (optimizer, problem). Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--epochs", description = "Epochs per run. Default: the problem's own (25 for the paper's problems).")
  Integer epochs;

  @Option(names = "--directory", defaultValue = ".", description = "Where baseline/ is written. Default: the current directory.")
  Path directory;

  @Option(names = "--seed", description = "Seed of the runs' randomness (initial parameters, data order). Default: the"
      + " one of an interrupted evaluation being continued, else random.")
  Long seed;

  @Option(names = "--overwrite", description = "Replace result files that already exist and discard the finished runs"
      + " of interrupted evaluations (default: refuse before any work, and continue interrupted evaluations).")
  boolean overwrite;

  @Option(names = "--list", description = "List the optimizers and exit.")
  boolean list;

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (list) {
      for (Baselines.Baseline b : Baselines.list()) {
        out.printf("%-16s %s%n", b.name(), b.description());
      }
      return 0;
    }
    Counts.check("--repeat", repeat, 1, Counts.MAX_RUNS);
    Counts.check("--epochs", epochs, 1, Counts.MAX_EPOCHS);
    optimizers.forEach(Baselines::get); // unknown names fail here, listing the valid ones
    devices.apply();
    List<ImageClassifier> resolved = new ArrayList<>();
    for (String p : problems) {
      resolved.add(ProblemSupport.problem(p));
    }
    List<Path> targets = new ArrayList<>();
    for (String o : optimizers) {
      for (String p : problems) {
        Path target = npz(o, p);
        if (targets.contains(target)) {
          throw new IllegalArgumentException("--optimizer or --problem names " + o + " / " + p + " twice; each is"
              + " evaluated once");
        }
        PartialEvaluation.discardIfFinished(target);
        if (Files.exists(target) && !overwrite) {
          throw new IllegalStateException(target + " already exists; pass --overwrite to replace it");
        }
        targets.add(target);
      }
    }
    for (Path target : targets) {
      AtomicFiles.requireWritableDirectory(target.getParent()); // found now, not after every run
    }
    for (ImageClassifier p : resolved) {
      ProblemSupport.ensureData(p);
    }
    // Every record of an interrupted evaluation is checked (same settings, same seed) before any work.
    Map<Path, PartialEvaluation> partials = new LinkedHashMap<>();
    for (ImageClassifier p : resolved) {
      for (String o : optimizers) {
        Path target = npz(o, p.name());
        partials.put(target, PartialEvaluation.open(target, metadata(o, p), seed, overwrite));
      }
    }

    StatisticsTable table = new StatisticsTable("optimizer / problem");
    ConsoleProgress progress = new ConsoleProgress(System.err);
    for (ImageClassifier problem : resolved) {
      int e = epochs != null ? epochs : problem.epochs();
      for (String optimizer : optimizers) {
        String label = optimizer + " / " + problem.name();
        Path target = npz(optimizer, problem.name());
        PartialEvaluation partial = partials.get(target);
        RunStack stack = EvaluationRunner.run(problem, graph -> Baselines.create(optimizer, graph), repeat, e,
            partial, new EvaluationProgress(progress, label, repeat));
        Map<String, Object> metadata = metadata(optimizer, problem);
        metadata.put("seed", partial.seed());
        EvaluationStatistics stats = EvaluationFiles.write(target, stack, metadata);
        partial.finish();
        table.add(label, stats);
        progress.line("wrote " + target);
      }
    }
    out.println();
    out.print(table.toText());
    return 0;
  }

  /** What one evaluation is: the metadata of its result file (a new map). */
  private Map<String, Object> metadata(String optimizer, ImageClassifier problem) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("problem", problem.name());
    metadata.put("optimizer", optimizer);
    metadata.put("description", Baselines.get(optimizer).description());
    metadata.put("repeat", repeat);
    metadata.put("epochs", epochs != null ? epochs : problem.epochs());
    return metadata;
  }

  private Path npz(String optimizer, String problem) {
    return directory.resolve("baseline").resolve(optimizer).resolve(problem + ".npz");
  }

  /** Prints run / epoch / batch progress with loss, accuracy and the time left of the current evaluation. */
  static final class EvaluationProgress implements ProgressListener {
    private final ConsoleProgress progress;
    private final String label;
    private final int repeats;
    private final long start = System.nanoTime();
    private int repeat;
    private int restored;

    EvaluationProgress(ConsoleProgress progress, String label, int repeats) {
      this.progress = progress;
      this.label = label;
      this.repeats = repeats;
    }

    @Override
    public void on(ProgressEvent event) {
      if (event instanceof EvaluationEvents.RepeatStarted e) {
        repeat = e.repeat();
      } else if (event instanceof EvaluationEvents.RepeatRestored e) {
        restored++;
        progress.line(String.format("%s run %d/%d: finished by an earlier, interrupted evaluation", label,
            e.repeat() + 1, repeats));
      } else if (event instanceof EvaluationEvents.BatchDone e) {
        progress.update(String.format("%s run %d/%d epoch %d %s loss %.4f", label, repeat + 1, repeats, e.epoch() + 1,
            ConsoleProgress.bar((e.batch() + 1.0) / e.batchesPerEpoch(), 20), e.loss()), false);
      } else if (event instanceof EvaluationEvents.EpochDone e) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double done = repeat + (e.epoch() + 1.0) / e.epochs();
        double left = elapsed / (done - restored) * (repeats - done); // restored runs took no time here
        progress.line(String.format("%s run %d/%d epoch %d/%d: loss %.4f acc %.4f | val_loss %.4f val_acc %.4f"
                + " | %s, about %s left", label, repeat + 1, repeats, e.epoch() + 1, e.epochs(), e.loss(),
            e.accuracy(), e.valLoss(), e.valAccuracy(), ConsoleProgress.duration(elapsed),
            ConsoleProgress.duration(left)));
      }
    }
  }
}
