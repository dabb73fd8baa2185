package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.DirectoryLock;
import org.l2o.core.io.PathNames;
import org.l2o.core.json.Json;
import org.l2o.core.tensorboard.TensorBoardRuns;
import org.l2o.eval.harness.EvaluationFiles;
import org.l2o.eval.harness.EvaluationRunner;
import org.l2o.eval.harness.PartialEvaluation;
import org.l2o.eval.harness.RunStack;
import org.l2o.eval.harness.TensorBoardEvaluation;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.StatisticsTable;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.functions.FunctionProblem;
import org.l2o.problems.functions.FunctionProblems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2o evaluate}: trains evaluation problems with meta-trained optimizers (the original's evaluate.py). */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Evaluate meta-trained optimizers as the paper does (spec §9.1): for each experiment directory, load the",
        "strategy's default checkpoint (or the selected stages/periods), and train each problem --repeat times",
        "from fresh parameters with the learned optimizer, after the strategy's warm-up of",
        "validation_warmup x validation_unroll SGD steps at validation_warmup_rate (100 steps at 0.05 for",
        "curriculum-trained students). The optimizer is the drop-in TensorFlow Java optimizer users get.",
        "Results: DIR/eval/<problem>/<checkpoint>.npz (the baselines' keys; a choice policy adds, per variable,",
        "_choices_<variable> [repeat, batch, member]: the mean weight of each pool member after every training",
        "batch) with .stats.json beside it; a",
        "statistics table is printed at the end. Each finished run is kept in <checkpoint>.npz.runs/ until the",
        "result is written, so an interrupted evaluation run again with the same settings continues where it",
        "stopped, with the seed it started with, and gives the result an uninterrupted one would have. Each DIR",
        "is locked while it is evaluated (a second l2o process working in it is refused); a directory or result",
        "named twice, and a result folder that cannot be written, are refused before any run.",
        "A function problem (rastrigin2/10/20, quadratic10/20/100) runs its own loop without warm-up (spec §9.1,",
        "§9.2): x from 0, fresh random coefficients per run, its 1,000 steps (--epochs does not apply), the loss",
        "before each update in the one key loss [repeat, steps]; it starts over when interrupted."},
    footer = {"", "Example: l2o evaluate --problem=conv_train,mlp_train --directory=results/rnnprop/min-max --recursive --repeat=10"})
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--problem", split = ",", defaultValue = "conv_train", paramLabel = "NAME[,NAME...]",
      description = "Evaluation problems (see `l2o problems`). Default: ${DEFAULT-VALUE}.")
  List<String> problems;

  @Option(names = "--directory", split = ",", required = true, paramLabel = "DIR[,DIR...]",
      description = "Experiment directories.")
  List<Path> directories;

  @Option(names = "--recursive", description = "Replace each directory by its sub-directories (replicates), sorted.")
  boolean recursive;

  @Option(names = "--repeat", defaultValue = "10", description = "Training runs per problem. Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--epochs", description = "Epochs per run. Default: the problem's own (25).")
  Integer epochs;

  @Option(names = "--stages", split = ",", paramLabel = "S[,S...]",
      description = "Curriculum: evaluate the best period of these stages (zipped with --periods when given).")
  List<Integer> stages = new ArrayList<>();

  @Option(names = "--periods", split = ",", paramLabel = "P[,P...]",
      description = "Evaluate these periods (repeat strategy: the latest repeat; simple: the period).")
  List<Integer> periods = new ArrayList<>();

  @Option(names = "--suffix", defaultValue = "", description = "Results go to eval/<problem>_<suffix>/ (a plain name: no '/', '\\' or '..').")
  String suffix;

  @Option(names = "--seed", description = "Seed of the runs' randomness. Default: the one of an interrupted evaluation"
      + " being continued, else random.")
  Long seed;

  @Option(names = "--overwrite", description = "Replace result files that already exist and discard the finished runs"
      + " of interrupted evaluations (default: refuse before any work, and continue interrupted evaluations).")
  boolean overwrite;

  @Option(names = "--info", description = "Print what would be evaluated after every check, as JSON (per checkpoint:"
      + " directory, checkpoint, warm-up, the experiment's config and each problem's repeat, epochs and result file),"
      + " and exit: nothing is written and no directory is locked.")
  boolean info;

  @Mixin
  DeviceOptions devices = new DeviceOptions();

  @Mixin
  TensorBoardOption tensorboard = new TensorBoardOption();

  /** The function problems of --problem (spec §9.2 evaluate_function), evaluated after the image problems. */
  private List<FunctionProblem> functions = List.of();

  @Override
  public Integer call() throws Exception {
    Counts.check("--repeat", repeat, 1, Counts.MAX_RUNS);
    Counts.check("--epochs", epochs, 1, Counts.MAX_EPOCHS);
    if (!suffix.isEmpty()) {
      PathNames.requirePlainName(suffix, "--suffix");
    }
    List<ImageClassifier> resolved = new ArrayList<>();
    functions = new ArrayList<>();
    for (String p : problems) {
      if (FunctionProblems.contains(p)) {
        functions.add(FunctionProblems.create(p));
      } else {
        resolved.add(ProblemSupport.problem(p));
      }
    }
    List<Path> experiments = distinct(expand());
    devices.apply();
    if (info) {
      return ResolvedConfig.print(info(checkedCheckpoints(resolved, experiments), resolved));
    }
    List<DirectoryLock> locks = new ArrayList<>();
    try {
      for (Path dir : experiments) {
        if (Files.isDirectory(dir)) { // a missing one is reported by TrainedCheckpoint.resolve
          locks.add(DirectoryLock.acquire(dir, "l2o evaluate"));
        }
      }
      return evaluate(resolved, experiments);
    } finally {
      for (DirectoryLock lock : locks) {
        lock.close();
      }
    }
  }

  /**
   * The checkpoints to evaluate, with every result they would write checked (named once, absent unless
   * --overwrite); reads only, so that --info runs the same checks.
   */
  private List<TrainedCheckpoint> checkedCheckpoints(List<ImageClassifier> resolved, List<Path> experiments)
      throws IOException {
    List<TrainedCheckpoint> checkpoints = new ArrayList<>();
    for (Path dir : experiments) {
      checkpoints.addAll(TrainedCheckpoint.resolve(dir, stages, periods));
    }
    Set<Path> targets = new HashSet<>();
    List<String> names = new ArrayList<>();
    resolved.forEach(p -> names.add(p.name()));
    functions.forEach(f -> names.add(f.name()));
    for (TrainedCheckpoint c : checkpoints) {
      for (String p : names) {
        Path target = target(c, p);
        if (!targets.add(target.toAbsolutePath().normalize())) {
          // the second evaluation would silently replace the first
          throw new IllegalArgumentException("the options name " + target + " twice (--problem, --stages or"
              + " --periods repeat one); each result is evaluated once");
        }
        if (Files.exists(target) && !overwrite) {
          throw new IllegalStateException(target + " already exists; pass --overwrite to replace it");
        }
      }
    }
    return checkpoints;
  }

  /** What --info prints: per checkpoint its metadata, config and the result file of each problem. */
  private ArrayNode info(List<TrainedCheckpoint> checkpoints, List<ImageClassifier> resolved) {
    ArrayNode out = Json.nodes().arrayNode();
    for (TrainedCheckpoint c : checkpoints) {
      ObjectNode node = out.addObject();
      node.put("directory", c.directory().toString());
      node.put("checkpoint", c.name());
      node.put("warmup_iterations", c.warmup().iterations());
      node.put("warmup_rate", c.warmup().rate());
      if (seed != null) {
        node.put("seed", seed);
      }
      ArrayNode evaluations = node.putArray("evaluations");
      for (ImageClassifier p : resolved) {
        ObjectNode e = evaluations.addObject();
        e.put("problem", p.name());
        e.put("repeat", repeat);
        e.put("epochs", epochs != null ? epochs : p.epochs());
        e.put("result", target(c, p.name()).toString());
      }
      for (FunctionProblem f : functions) {
        ObjectNode e = evaluations.addObject();
        e.put("problem", f.name());
        e.put("repeat", repeat);
        e.put("steps", f.steps());
        e.put("warmup_iterations", 0);
        e.put("result", target(c, f.name()).toString());
      }
      node.set("config", c.config());
    }
    return out;
  }

  /** The evaluation proper, with every experiment directory locked. */
  private int evaluate(List<ImageClassifier> resolved, List<Path> experiments) throws IOException {
    List<TrainedCheckpoint> checkpoints = checkedCheckpoints(resolved, experiments);
    Set<Path> targets = new LinkedHashSet<>();
    for (TrainedCheckpoint c : checkpoints) {
      for (ImageClassifier p : resolved) {
        Path target = target(c, p.name());
        targets.add(target.toAbsolutePath().normalize());
        PartialEvaluation.discardIfFinished(target); // a finished one's leftover record of runs
      }
    }
    for (Path target : targets) {
      AtomicFiles.removeStaleTemporaries(target.getParent()); // left by a killed evaluation; the folder is locked
      AtomicFiles.removeStaleTemporaries(PartialEvaluation.directoryOf(target)); // a killed run's save
      AtomicFiles.requireWritableDirectory(target.getParent()); // found now, not after every run
    }
    resolved.forEach(ProblemSupport::ensureData);
    // Every record of an interrupted evaluation is checked (same settings, same seed) before any work.
    Map<Path, PartialEvaluation> partials = new LinkedHashMap<>();
    for (TrainedCheckpoint c : checkpoints) {
      for (ImageClassifier p : resolved) {
        Path target = target(c, p.name());
        Map<String, Object> identity = metadata(c, p);
        identity.remove("directory"); // the record lives inside it; a relative or absolute spelling is the same
        partials.put(target, PartialEvaluation.open(target, identity, seed, overwrite));
      }
    }

    StatisticsTable table = new StatisticsTable("checkpoint / problem");
    ConsoleProgress progress = new ConsoleProgress(System.err);
    for (TrainedCheckpoint c : checkpoints) {
      for (ImageClassifier problem : resolved) {
        String label = c.directory() + " " + c.name() + " / " + problem.name();
        int e = epochs != null ? epochs : problem.epochs();
        progress.line(String.format("%s: warm-up %d SGD steps at %s", label, c.warmup().iterations(), c.warmup().rate()));
        Path target = target(c, problem.name());
        PartialEvaluation partial = partials.get(target);
        RunStack stack;
        try (TensorBoardEvaluation events = new TensorBoardEvaluation(TensorBoardRuns.evaluation(c.directory(),
            target.getParent().getFileName().toString(), c.name()))) {
          ProgressListener listener = new BaselineCommand.EvaluationProgress(progress, label, repeat);
          stack = EvaluationRunner.run(problem,
              graph -> new PolicyOptimizer(graph, "OptimizerEvaluation", c.policy(), c.weights(), c.warmup()),
              repeat, e, partial, tensorboard.enabled ? listener.andThen(events) : listener);
        }
        Map<String, Object> metadata = metadata(c, problem);
        metadata.put("seed", partial.seed());
        EvaluationStatistics stats = EvaluationFiles.write(target, stack, metadata);
        partial.finish();
        table.add(label, stats);
        progress.line("wrote " + target);
      }
    }
    if (!resolved.isEmpty()) {
      System.out.println();
      System.out.print(table.toText());
    }
    FunctionEvaluations.run(functionCells(checkpoints), repeat, seed, overwrite,
        "checkpoint / function problem");
    return 0;
  }

  /** The function-problem evaluations: the learned optimizer without warm-up (spec §9.1). */
  private List<FunctionEvaluations.Cell> functionCells(List<TrainedCheckpoint> checkpoints) {
    List<FunctionEvaluations.Cell> cells = new ArrayList<>();
    for (TrainedCheckpoint c : checkpoints) {
      for (FunctionProblem f : functions) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("problem", f.name());
        metadata.put("directory", c.directory().toString());
        metadata.put("checkpoint", c.name());
        metadata.put("warmup_iterations", 0);
        cells.add(new FunctionEvaluations.Cell(c.directory() + " " + c.name() + " / " + f.name(), target(c, f.name()),
            f, graph -> new PolicyOptimizer(graph, "OptimizerEvaluation", c.policy(), c.weights(), Warmup.NONE),
            metadata));
      }
    }
    return cells;
  }

  /** What one evaluation is: the metadata of its result file (a new map). */
  private Map<String, Object> metadata(TrainedCheckpoint c, ImageClassifier problem) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("problem", problem.name());
    metadata.put("directory", c.directory().toString());
    metadata.put("checkpoint", c.name());
    metadata.put("warmup_iterations", c.warmup().iterations());
    metadata.put("warmup_rate", c.warmup().rate());
    metadata.put("repeat", repeat);
    metadata.put("epochs", epochs != null ? epochs : problem.epochs());
    return metadata;
  }

  private Path target(TrainedCheckpoint c, String problem) {
    String folder = suffix.isEmpty() ? problem : problem + "_" + suffix;
    return PathNames.child(c.directory().resolve("eval"), folder, "--suffix").resolve(c.name() + ".npz");
  }

  /** Refuses a directory named twice (also as D and ./D, or through --recursive): it would be evaluated twice. */
  private static List<Path> distinct(List<Path> directories) {
    Map<Path, Path> seen = new LinkedHashMap<>();
    for (Path d : directories) {
      Path first = seen.putIfAbsent(d.toAbsolutePath().normalize(), d);
      if (first != null) {
        throw new IllegalArgumentException("--directory names the same experiment twice: " + first
            + (first.toString().equals(d.toString()) ? "" : " and " + d) + "; each is evaluated once");
      }
    }
    return List.copyOf(seen.values());
  }

  private List<Path> expand() throws IOException {
    if (!recursive) {
      return directories;
    }
    List<Path> out = new ArrayList<>();
    for (Path d : directories) {
      try (Stream<Path> children = Files.list(d)) {
        children.filter(Files::isDirectory).sorted().forEach(out::add);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--recursive: no sub-directories in " + directories);
    }
    return out;
  }
}
