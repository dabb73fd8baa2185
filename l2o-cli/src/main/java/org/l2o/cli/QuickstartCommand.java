package org.l2o.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.DirectoryLock;
import org.l2o.core.io.Npz;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.StatisticsTable;
import org.l2o.problems.data.Datasets;
import org.l2o.strategies.Strategies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2o quickstart}: the first thing to run. Meta-trains a small min-max student, evaluates it against Adam and
 * RMSProp and writes a report, all through the ordinary commands (so every step can be re-run by hand).
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "The quick start, in a few minutes on 2 cores:",
        "  1. fetch MNIST if needed;",
        "  2. meta-train an RNNProp student by min-max amalgamation of Adam and RMSProp on conv_train with a short",
        "     schedule (l2o train --strategy=simple --presets=conv_train,adam,rmsprop,log_teachers ...);",
        "  3. evaluate it on conv_train against Adam and RMSProp (l2o evaluate, l2o baseline);",
        "  4. write a report with the statistics table and loss plots (l2o report) and print the table.",
        "The paper's students are meta-trained for hours with the curriculum strategy; this short schedule shows",
        "the whole pipeline, not the paper's results. Re-running continues the training where it stopped and",
        "replaces the evaluation files."})
final class QuickstartCommand implements Callable<Integer> {

  @Option(names = "--directory", defaultValue = "quickstart", description = "Where everything is written. Default: ${DEFAULT-VALUE}.")
  Path directory;

  @Option(names = "--periods", defaultValue = "6", description = "Meta-training periods of 10 meta-steps each. Default: ${DEFAULT-VALUE}.")
  int periods;

  @Option(names = "--epochs", defaultValue = "2", description = "Epochs of each evaluation run. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--repeat", defaultValue = "2", description = "Evaluation runs per optimizer. Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of training and evaluation. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws IOException {
    Counts.check("--periods", periods, 1, Strategies.MAX_COUNT);
    Counts.check("--epochs", epochs, 1, Counts.MAX_EPOCHS);
    Counts.check("--repeat", repeat, 1, Counts.MAX_RUNS);
    AtomicFiles.requireWritableDirectory(directory);
    // the whole folder (baseline/, report/) for the whole run; the train and evaluate steps lock min-max/ themselves
    try (DirectoryLock lock = DirectoryLock.acquire(directory, "l2o quickstart")) {
      return quickstart();
    }
  }

  private int quickstart() throws IOException {
    ConsoleProgress progress = new ConsoleProgress(System.err);
    Path experiment = directory.resolve("min-max");
    progress.line("[1/4] dataset: " + Datasets.ensure("mnist"));
    progress.line("[2/4] meta-training a min-max student of Adam and RMSProp into " + experiment);
    run(progress, "train", "--strategy=simple", "--policy=rnnprop", "--presets=conv_train,adam,rmsprop,log_teachers",
        "--directory=" + experiment, "--seed=" + seed, "--strategy/num_periods=" + periods,
        "--strategy/unroll_len=10", "--strategy/depth=10", "--strategy/epochs=1",
        "--strategy/warmup=1", "--strategy/warmup_rate=0.05", "--strategy/annealing_schedule=0.1",
        "--strategy/validation_unroll=10", "--strategy/validation_depth=5", "--strategy/validation_epochs=1",
        "--strategy/validation_warmup=10", "--strategy/validation_warmup_rate=0.05",
        "--optimizer/config/learning_rate=0.005");
    progress.line("[3/4] evaluating the student and the baselines on conv_train (" + repeat + " x " + epochs + " epochs)");
    run(progress, "evaluate", "--problem=conv_train", "--directory=" + experiment, "--repeat=" + repeat,
        "--epochs=" + epochs, "--seed=" + seed, "--overwrite");
    run(progress, "baseline", "--optimizer=adam,rmsprop", "--problem=conv_train", "--repeat=" + repeat,
        "--epochs=" + epochs, "--seed=" + seed, "--directory=" + directory, "--overwrite");
    progress.line("[4/4] report");
    run(progress, "report", "--baseline-dir=" + directory, "--method=min-max=" + experiment, "--problem=conv_train",
        "--output=" + directory.resolve("report"), "--title=l2o quick start: a min-max student of Adam and RMSProp");
    StatisticsTable table = new StatisticsTable("optimizer on conv_train (" + repeat + " x " + epochs + " epochs)");
    table.add("min-max student (learned)", EvaluationStatistics.fromNpz(
        Npz.read(experiment.resolve("eval/conv_train").resolve(defaultCheckpoint(experiment) + ".npz"))));
    for (String baseline : List.of("adam", "rmsprop")) {
      table.add(baseline, EvaluationStatistics.fromNpz(
          Npz.read(directory.resolve("baseline").resolve(baseline).resolve("conv_train.npz"))));
    }
    System.out.println();
    System.out.print(table.toText());
    progress.line("report with plots: " + directory.resolve("report").resolve("report.md"));
    return 0;
  }

  /** The checkpoint `l2o evaluate` used: the simple strategy's last period. */
  private String defaultCheckpoint(Path experiment) throws IOException {
    return TrainedCheckpoint.resolve(experiment, List.of(), List.of()).get(0).name();
  }

  private static void run(ConsoleProgress progress, String... args) {
    List<String> list = new ArrayList<>(List.of(args));
    int status = Main.newCommandLine().execute(list.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("quickstart step failed: l2o " + String.join(" ", list));
    }
  }
}
