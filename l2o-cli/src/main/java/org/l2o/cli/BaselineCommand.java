package org.l2o.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.DirectoryLock;
import org.l2o.eval.gridsearch.GridSearchFiles;
import org.l2o.eval.gridsearch.GridSearchTable;
import org.l2o.eval.harness.EvaluationEvents;
import org.l2o.eval.stats.StatisticsTable;
import org.l2o.policies.optimizer.Baselines;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.functions.FunctionProblem;
import org.l2o.problems.functions.FunctionProblems;
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
        "stopped, with the seed it started with. Each <directory>/baseline/<optimizer> folder is locked while the",
        "command works in it (a second l2o process there is refused, naming the holder; other optimizers' folders",
        "stay free).",
        "A function problem (rastrigin2/10/20, quadratic10/20/100) runs its own loop (spec §9.2): x from 0, fresh",
        "random coefficients per run, its 1,000 steps (--epochs does not apply), the loss before each update in the",
        "one key loss [repeat, steps]; it starts over when interrupted."},
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

  @Option(names = "--gridsearch", paramLabel = "DIR", description = "Where `l2o gridsearch` wrote its results: the"
      + " optimizers <policy>_gs (adam_gs, rmsprop_gs, sgd_gs, momentum_gs, addsign_gs, powersign_gs) then run as the"
      + " grid search ran them, with the best learning rate it found for each problem"
      + " (DIR/gridsearch/<problem>/best.json).")
  Path gridsearch;

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (list) {
      for (Baselines.Baseline b : Baselines.list()) {
        out.printf("%-16s %s%n", b.name(), b.description());
      }
      for (String policy : Baselines.GRID_SEARCH_POLICIES) {
        out.printf("%-16s %s%n", policy + Baselines.GRID_SEARCH_SUFFIX, "the grid search's " + policy
            + " at its best learning rate for each problem (needs --gridsearch)");
      }
      return 0;
    }
    Counts.check("--repeat", repeat, 1, Counts.MAX_RUNS);
    Counts.check("--epochs", epochs, 1, Counts.MAX_EPOCHS);
    for (String o : optimizers) {
      if (gridSearchPolicy(o) == null) {
        Baselines.get(o); // unknown names fail here, listing the valid ones
      } else if (gridsearch == null) {
        throw new IllegalArgumentException("--optimizer=" + o + " runs the grid search's best learning rate: name"
            + " the directory `l2o gridsearch` wrote to with --gridsearch=DIR");
      }
    }
    devices.apply();
    List<AnalyticalEvaluations.Cell> cells = new ArrayList<>();
    List<FunctionEvaluations.Cell> functionCells = new ArrayList<>();
    for (String p : problems) {
      if (FunctionProblems.contains(p)) {
        FunctionProblem function = FunctionProblems.create(p);
        for (String o : optimizers) {
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("problem", p);
          metadata.put("optimizer", o);
          Baselines.Baseline baseline = baseline(o, p, metadata);
          metadata.put("description", baseline.description());
          functionCells.add(new FunctionEvaluations.Cell(o + " / " + p, npz(o, p), function, baseline::create,
              metadata));
        }
        continue;
      }
      ImageClassifier problem = ProblemSupport.problem(p);
      for (String o : optimizers) {
        Map<String, Object> metadata = metadata(o, problem);
        Baselines.Baseline baseline = baseline(o, problem.name(), metadata);
        metadata.put("description", baseline.description());
        cells.add(new AnalyticalEvaluations.Cell(o + " / " + problem.name(), npz(o, problem.name()), problem,
            baseline, epochs != null ? epochs : problem.epochs(), metadata));
      }
    }
    FunctionEvaluations.check(functionCells, overwrite); // before any run
    List<DirectoryLock> locks = new ArrayList<>();
    try {
      // One optimizer's folder is worked in by one process at a time (two would run the same runs twice and
      // race on its results); other optimizers' folders stay free for parallel cells of a sweep.
      for (String o : new java.util.LinkedHashSet<>(optimizers)) {
        Path folder = Files.createDirectories(directory.resolve("baseline").resolve(o));
        locks.add(DirectoryLock.acquire(folder, "l2o baseline"));
      }
      if (!cells.isEmpty()) {
        StatisticsTable table = AnalyticalEvaluations.run(cells, repeat, seed, overwrite, "optimizer / problem");
        out.println();
        out.print(table.toText());
      }
      FunctionEvaluations.run(functionCells, repeat, seed, overwrite,
          "optimizer / function problem");
    } finally {
      for (DirectoryLock lock : locks) {
        lock.close();
      }
    }
    return 0;
  }

  /** What one evaluation is: the metadata of its result file (a new map). */
  private Map<String, Object> metadata(String optimizer, ImageClassifier problem) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("problem", problem.name());
    metadata.put("optimizer", optimizer);
    metadata.put("repeat", repeat);
    metadata.put("epochs", epochs != null ? epochs : problem.epochs());
    return metadata;
  }

  /** The grid-search policy {@code name} runs ({@code adam} for {@code adam_gs}), or null for another name. */
  private static String gridSearchPolicy(String name) {
    if (!name.endsWith(Baselines.GRID_SEARCH_SUFFIX)) {
      return null;
    }
    String policy = name.substring(0, name.length() - Baselines.GRID_SEARCH_SUFFIX.length());
    return Baselines.GRID_SEARCH_POLICIES.contains(policy) ? policy : null;
  }

  /** The optimizer {@code name} on {@code problem}; a grid-searched one records its learning rate and table. */
  private Baselines.Baseline baseline(String name, String problem, Map<String, Object> metadata) throws IOException {
    String policy = gridSearchPolicy(name);
    if (policy == null) {
      return Baselines.get(name);
    }
    Path file = GridSearchFiles.table(gridsearch, problem);
    double rate;
    try {
      rate = GridSearchTable.read(file).bestLearningRate(policy);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    metadata.put("learning_rate", rate);
    metadata.put("grid_search_table", file.toString());
    return Baselines.gridSearch(policy, rate);
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
