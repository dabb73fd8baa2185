package org.l2o.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.l2o.eval.report.ReportGenerator;
import org.l2o.eval.report.ReportRequest;
import org.l2o.eval.report.ReportResult;
import org.l2o.eval.stats.Statistic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o report}: a Markdown report with PNG plots from baseline and evaluation result files. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Gather baseline and evaluation results (.npz) and write <output>/report.md with",
        "PNG plots. Per problem: the statistics table (val_best, val_last, val_stability,",
        "train_last, acc_best as mean ± std over all runs; learned methods also as",
        "mean ± 2·stderr over replicates), the validation and training loss per epoch",
        "(mean of ln loss, min-max band) and stability versus best validation loss",
        "(the paper's Figure 3); for a choice policy, the mean weight of each pool member",
        "over training (its _choices_* records: what the network picks, and when).",
        "Meta-stability: per method (one configuration, its DIRs the replicates) a REML",
        "fit of a one-way random-effects model of --lme-statistic per evaluation run,",
        "replicate as random effect, runs as residual: mean (95%% t interval, replicates-1",
        "df), replicate SD = meta-stability and residual SD = evaluation stability (95%%",
        "profile-likelihood intervals), and meta_stability.png (the paper's Figure 6:",
        "replicate SD versus perturbation magnitude, read from each config.json's",
        "policy/perturbation or given with --magnitude; 0 without perturbation).",
        "Baselines: every <baseline-dir>/baseline/<optimizer>/<problem>.npz.",
        "Methods: each DIR is one replicate (experiment or package folder) holding",
        "eval/<problem>/*.npz; a DIR without eval/ stands for its sub-folders that have",
        "one. If eval/<problem>/ holds several .npz files, the file",
        "eval/<problem>/DEFAULT names the one to use. Missing files are reported as",
        "warnings."},
    footer = {"", "Examples:", "  l2o report --method=min-max=results/rnnprop/min-max --problem=conv_train,conv_wider",
        "  l2o report --method=none=runs/none --method=rel-1e-3=runs/rel-1e-3 --lme-statistic=val_best"})
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--baseline-dir", defaultValue = ".", paramLabel = "DIR",
      description = "Folder holding baseline/<optimizer>/<problem>.npz. Default: the current directory.")
  Path baselineDir;

  @Option(names = "--method", paramLabel = "NAME=DIR[,DIR...]",
      description = "A learned method and its replicate folders (repeatable).")
  List<String> methods = new ArrayList<>();

  @Option(names = "--problem", split = ",", paramLabel = "NAME",
      description = "Problems to report. Default: every problem found.")
  List<String> problems = new ArrayList<>();

  @Option(names = "--lme-statistic", defaultValue = "train_last", paramLabel = "STAT",
      description = {"Per-run statistic of the meta-stability fit: one of val_best, val_best_index, val_last,",
          "val_meta, val_stability, train_best, train_best_index, train_last, train_10, train_meta,",
          "acc_best. Default: ${DEFAULT-VALUE} (ln of the last epoch's training loss)."})
  String lmeStatistic;

  @Option(names = "--magnitude", paramLabel = "NAME=X",
      description = {"Perturbation magnitude of method NAME in the meta-stability plot, instead of the one",
          "in its config.json (repeatable)."})
  List<String> magnitudes = new ArrayList<>();

  @Option(names = "--output", defaultValue = "reports", paramLabel = "DIR",
      description = "Where report.md and the plots are written. Default: ${DEFAULT-VALUE}.")
  Path output;

  @Option(names = "--title", defaultValue = ReportRequest.DEFAULT_TITLE,
      description = "Heading of the report. Default: ${DEFAULT-VALUE}.")
  String title;

  @Override
  public Integer call() throws Exception {
    ReportRequest request = new ReportRequest(baselineDir, ReportRequest.parseMethods(methods), problems, output,
        title, commandLine(), statistic(lmeStatistic), ReportRequest.parseMagnitudes(magnitudes));
    ReportResult result = ReportGenerator.generate(request, w -> System.err.println("warning: " + w));
    int n = result.problems().size();
    System.out.printf("wrote %s (%d problem%s, %d plots)%n", result.markdown(), n, n == 1 ? "" : "s",
        result.images().size());
    return 0;
  }

  private static Statistic statistic(String key) {
    try {
      return Statistic.fromKey(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--lme-statistic '" + key + "': no such statistic; one of "
          + Arrays.stream(Statistic.values()).map(Statistic::key).collect(Collectors.joining(", ")), e);
    }
  }

  /** The command as typed, quoted for a POSIX shell where needed, for the report's "how produced" line. */
  private String commandLine() {
    List<String> words = new ArrayList<>(List.of("l2o"));
    // picocli keeps the whole argument list, the subcommand name included
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      words.add(ShellWords.quote(arg));
    }
    return String.join(" ", words);
  }
}
