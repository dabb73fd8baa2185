package org.l2o.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.json.PythonFloat;
import org.l2o.eval.gridsearch.GridSearchFiles;
import org.l2o.eval.gridsearch.GridSearchTable;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.StatisticsTable;
import org.l2o.policies.optimizer.Baselines;
import org.l2o.problems.ImageClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2o gridsearch}: the original's learning-rate grid search, and the table of the best rates. */
@Command(
    name = "gridsearch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Search the learning rate of analytical optimizers as the original's gridsearch.py does (spec §9.6): each",
        "policy (the original's own Adam eps 1e-7, RMSProp, SGD, EMA Momentum, AddSign and PowerSign eps 1e-10; no",
        "warm-up) at each learning rate of --grid trains each problem --repeat times, written to",
        "<directory>/gridsearch/<problem>/<policy>/<lr>.npz (the evaluation .npz schema; <lr> as Python prints it,",
        "e.g. 0.001, 5e-05) with <lr>.stats.json beside it.",
        "Then, per problem, the best learning rate of each policy by the paper's criterion (the mean over runs of",
        "the ln of the best validation loss within the first --criterion-epochs epochs) is printed and written to",
        "<directory>/gridsearch/<problem>/best.json, over every learning rate found there (so a grid can be",
        "extended later). `l2o baseline --optimizer=adam_gs --gridsearch=<directory>` then runs a policy at its",
        "best rate. Interrupted evaluations continue where they stopped when run again with the same settings."},
    footer = {"", "Example: l2o gridsearch --problem=conv_train --grid=0.001,0.01,0.1 --repeat=10",
        "         l2o baseline --optimizer=adam_gs,rmsprop_gs --gridsearch=. --problem=conv_train"})
final class GridsearchCommand implements Callable<Integer> {

  @Option(names = "--problem", split = ",", defaultValue = "conv_train", paramLabel = "NAME[,NAME...]",
      description = "Evaluation problems (see `l2o problems`). Default: ${DEFAULT-VALUE}.")
  List<String> problems;

  @Option(names = "--policy", split = ",", defaultValue = "adam,rmsprop,sgd,momentum,addsign,powersign",
      paramLabel = "NAME[,NAME...]", description = "Policies to search. Default: all six, ${DEFAULT-VALUE}.")
  List<String> policies;

  @Option(names = "--grid", split = ",", defaultValue = "0.001,0.01,0.1", paramLabel = "LR[,LR...]",
      description = "Learning rates, each finite and above 0. Default: ${DEFAULT-VALUE} (the original's; the paper"
          + " searched 5e-4, 1e-3, 2e-3, 5e-3, ..., 1).")
  List<Double> grid;

  @Option(names = "--repeat", defaultValue = "10", description = "Training runs per (policy, rate, problem)."
      + " Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--epochs", description = "Epochs per run. Default: the problem's own (25 for the paper's"
      + " problems), as the original.")
  Integer epochs;

  @Option(names = "--criterion-epochs", defaultValue = "" + GridSearchTable.PAPER_CRITERION_EPOCHS,
      description = "How many leading epochs the best validation loss is taken over. Default: ${DEFAULT-VALUE}"
          + " (the paper's).")
  int criterionEpochs;

  @Option(names = "--directory", defaultValue = ".", description = "Where gridsearch/ is written. Default: the"
      + " current directory.")
  Path directory;

  @Option(names = "--seed", description = "Seed of the runs' randomness (initial parameters, data order). Default:"
      + " the one of an interrupted evaluation being continued, else random.")
  Long seed;

  @Option(names = "--overwrite", description = "Replace result files that already exist and discard the finished"
      + " runs of interrupted evaluations (default: refuse before any work, and continue interrupted evaluations).")
  boolean overwrite;

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Override
  public Integer call() throws Exception {
    Counts.check("--repeat", repeat, 1, Counts.MAX_RUNS);
    Counts.check("--epochs", epochs, 1, Counts.MAX_EPOCHS);
    Counts.check("--criterion-epochs", criterionEpochs, 1, Counts.MAX_EPOCHS);
    List<Double> rates = new ArrayList<>();
    for (double lr : grid) {
      if (rates.contains(lr)) {
        throw new IllegalArgumentException("--grid names " + PythonFloat.str(lr) + " twice");
      }
      rates.add(lr);
    }
    List<AnalyticalEvaluations.Cell> cells = new ArrayList<>();
    List<ImageClassifier> resolved = new ArrayList<>();
    for (String p : problems) {
      resolved.add(ProblemSupport.problem(p)); // an unknown problem fails here, listing the known ones
    }
    for (String policy : policies) {
      for (double lr : rates) {
        Baselines.gridSearch(policy, lr); // an unknown policy or a bad rate fails here, before any work
      }
    }
    devices.apply();
    for (ImageClassifier problem : resolved) {
      int e = epochs != null ? epochs : problem.epochs();
      for (String policy : policies) {
        for (double lr : rates) {
          Baselines.Baseline baseline = Baselines.gridSearch(policy, lr);
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("problem", problem.name());
          metadata.put("policy", policy);
          metadata.put("learning_rate", lr);
          metadata.put("description", baseline.description());
          metadata.put("repeat", repeat);
          metadata.put("epochs", e);
          cells.add(new AnalyticalEvaluations.Cell(policy + " lr " + PythonFloat.str(lr) + " / " + problem.name(),
              GridSearchFiles.npz(directory, problem.name(), policy, lr), problem, baseline, e, metadata));
        }
      }
    }
    StatisticsTable table = AnalyticalEvaluations.run(cells, repeat, seed, overwrite, "policy, lr / problem");
    PrintStream out = System.out;
    out.println();
    out.print(table.toText());
    for (ImageClassifier problem : resolved) {
      GridSearchTable best = tableOf(problem.name());
      Path file = GridSearchFiles.table(directory, problem.name());
      best.write(file);
      out.println();
      out.print(best.toText());
      out.println("wrote " + file);
    }
    return 0;
  }

  /** The table of one problem over every result file of the searched policies found under its folder. */
  private GridSearchTable tableOf(String problem) throws IOException {
    Map<String, Map<Double, Double>> scores = new LinkedHashMap<>();
    for (String policy : policies) {
      Map<Double, Double> byRate = new TreeMap<>();
      Path folder = GridSearchFiles.problemFolder(directory, problem).resolve(policy);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.npz")) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          double lr;
          try {
            lr = Double.parseDouble(name.substring(0, name.length() - ".npz".length()));
          } catch (NumberFormatException e) {
            continue; // not a grid-search result
          }
          Map<String, NpyArray> arrays = Npz.read(f);
          byRate.put(lr, GridSearchTable.score(matrix(arrays, EvaluationStatistics.LOSS_KEY, f),
              matrix(arrays, EvaluationStatistics.VAL_LOSS_KEY, f),
              matrix(arrays, EvaluationStatistics.VAL_ACCURACY_KEY, f), criterionEpochs));
        }
      }
      scores.put(policy, byRate);
    }
    return new GridSearchTable(problem, criterionEpochs, scores);
  }

  private static double[][] matrix(Map<String, NpyArray> arrays, String key, Path file) throws IOException {
    NpyArray a = arrays.get(key);
    if (a == null || a.rank() != 2) {
      throw new FileFormatException(file + ": key " + key + ": expected a [runs, epochs] array");
    }
    return a.toDoubleMatrix();
  }
}
