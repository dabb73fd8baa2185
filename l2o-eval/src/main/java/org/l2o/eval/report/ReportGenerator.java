package org.l2o.eval.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.l2o.core.io.AtomicFiles;
import org.l2o.eval.stats.StatisticsTable;

/**
 * Writes a Markdown report with PNG plots from baseline and evaluation files ({@code l2o report}).
 *
 * <p>Layout of the output folder: {@code report.md} and, per problem, a folder
 * {@code <problem>/} with {@code val_loss.png}, {@code train_loss.png}, {@code stability.png},
 * {@code meta_stability.png} (when a learned method's replicates could be fitted, {@link MetaStability}) and, for a choice
 * policy, {@code choices_<i>.png} (its choice weights over training, {@link ChoiceWeights}),
 * referenced from the report by relative paths. Per problem the report holds the statistics table
 * (mean ± std over all runs; a learned method's replicates pooled), for methods the replicate-level
 * table (mean ± 2·stderr) and the meta-stability table, the plots and the list of source files. All files are written
 * atomically; existing ones are replaced.
 */
public final class ReportGenerator {
  /** Name of the Markdown file in the output folder. */
  public static final String REPORT_FILE = "report.md";

  private ReportGenerator() {}

  /**
   * Gathers the results of {@code request}, writes the report and its plots.
   *
   * @param warnings receives each warning as it occurs (they are also listed in the report)
   * @throws IllegalArgumentException if nothing was found or the inputs are inconsistent
   * @throws IOException if a file cannot be read or written
   */
  public static ReportResult generate(ReportRequest request, Consumer<String> warnings) throws IOException {
    List<String> collected = new ArrayList<>();
    Consumer<String> warn = w -> {
      collected.add(w);
      warnings.accept(w);
    };
    Map<String, List<ResultEntry>> results =
        ResultDiscovery.discover(request.baselineDir(), request.methods(), request.problems(), warn);

    List<Path> images = new ArrayList<>();
    StringBuilder sections = new StringBuilder();
    for (Map.Entry<String, List<ResultEntry>> problem : results.entrySet()) {
      sections.append(section(request, problem.getKey(), problem.getValue(), images, warn));
    }

    StringBuilder md = new StringBuilder();
    md.append("# ").append(request.title()).append("\n\n");
    md.append("Produced by `").append(request.command()).append("` on ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(".\n\n");
    md.append("Problems: ").append(results.keySet().stream().map(p -> "[" + p + "](#" + anchor(p) + ")")
        .collect(Collectors.joining(", "))).append(".\n\n");
    md.append(notes());
    if (!collected.isEmpty()) {
      md.append("## Warnings\n\n");
      collected.forEach(w -> md.append("- ").append(w).append('\n'));
      md.append('\n');
    }
    md.append(sections);
    Path markdown = request.output().resolve(REPORT_FILE);
    AtomicFiles.writeString(markdown, md.toString());
    return new ReportResult(markdown, images, new ArrayList<>(results.keySet()), collected);
  }

  /** The folder name of a problem's plots: the name with anything but letters, digits, '.', '-', '_' replaced. */
  static String folder(String problem) {
    String s = problem.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
  }

  private static String section(ReportRequest request, String problem, List<ResultEntry> entries,
      List<Path> images, Consumer<String> warn) throws IOException {
    Path output = request.output();
    String dir = folder(problem);
    StringBuilder md = new StringBuilder("## ").append(problem).append("\n\n");

    StatisticsTable table = new StatisticsTable("optimizer");
    for (ResultEntry e : entries) {
      table.add(rowLabel(e), e.pooledStatistics());
    }
    md.append("Statistics, mean ± std over all runs:\n\n").append(table.toMarkdown()).append('\n');

    ReplicateTable replicates = new ReplicateTable();
    entries.stream().filter(e -> e.kind() == ResultEntry.Kind.METHOD && e.replicates().size() > 1)
        .forEach(replicates::add);
    if (replicates.size() > 0) {
      md.append("Learned methods over replicates, mean of the replicate means ± 2·stderr:\n\n")
          .append(replicates.toMarkdown()).append('\n');
    }

    md.append(image(output, dir, "val_loss.png", "validation loss per epoch", images,
        LossCurveChart.create(problem + ": validation loss", "ln validation loss", entries,
            EvaluationRecord::valLoss)));
    md.append(image(output, dir, "train_loss.png", "training loss per epoch", images,
        LossCurveChart.create(problem + ": training loss", "ln training loss (epoch mean)", entries,
            EvaluationRecord::loss)));
    List<StabilityPoint> points = StabilityPoint.of(entries);
    md.append(image(output, dir, "stability.png", "optimization stability versus best validation loss", images,
        StabilityChart.create(problem + ": stability vs. validation loss", points)));
    for (StabilityPoint p : points) {
      if (!p.plottable()) {
        String w = problem + ": " + p.entry().label() + " has no point in the stability plot (every run is NaN)";
        warn.accept(w);
        md.append("*").append(w).append("*\n\n");
      }
    }

    md.append(metaStability(output, dir, problem, entries, request, images));

    for (int i = 0; i < entries.size(); i++) {
      ResultEntry e = entries.get(i);
      Optional<ChoiceWeights> choices = e.kind() == ResultEntry.Kind.METHOD ? ChoiceWeights.of(e) : Optional.empty();
      if (choices.isPresent()) {
        md.append(image(output, dir, "choices_" + i + ".png", e.label() + ": choice weights over training", images,
            ChoiceWeightsChart.create(problem + ": what " + e.label() + " picks", choices.get())));
      }
    }

    md.append("Sources:\n\n");
    for (ResultEntry e : entries) {
      md.append("- ").append(e.label()).append(": ").append(e.replicates().stream()
          .map(r -> "`" + r.source() + "`").collect(Collectors.joining(", "))).append('\n');
    }
    return md.append('\n').toString();
  }

  /**
   * The meta-stability fits of the learned methods (each one configuration) with the Fig. 6 plot when at least
   * one has a point; nothing when there are no learned methods.
   */
  private static String metaStability(Path output, String dir, String problem, List<ResultEntry> entries,
      ReportRequest request, List<Path> images) throws IOException {
    List<MetaStability> rows = new ArrayList<>();
    for (ResultEntry e : entries) {
      if (e.kind() == ResultEntry.Kind.METHOD) {
        rows.add(MetaStability.of(e, request.lmeStatistic(),
            Magnitude.of(e, request.magnitudes().get(e.label()))));
      }
    }
    if (rows.isEmpty()) {
      return "";
    }
    String key = request.lmeStatistic().key();
    StringBuilder md = new StringBuilder("Meta-stability of `").append(key)
        .append("` (REML fit of a one-way random-effects model: replicate as random effect, evaluation runs as"
            + " residual; mean with a t interval on replicates - 1 degrees of freedom, SDs with 95%"
            + " profile-likelihood intervals):\n\n")
        .append(MetaStabilityTable.toMarkdown(rows)).append('\n');
    for (MetaStability m : rows) {
      if (m.fit().isPresent() && !m.magnitude().known()) {
        md.append("*").append(m.entry().label()).append(": no magnitude, so no point in the plot: ")
            .append(m.magnitude().note()).append("*\n\n");
      }
    }
    if (rows.stream().anyMatch(MetaStabilityChart::plottable)) {
      md.append(image(output, dir, "meta_stability.png", "meta-stability versus perturbation magnitude", images,
          MetaStabilityChart.create(problem + ": meta-stability of " + key + " vs. magnitude", rows)));
    }
    return md.toString();
  }

  private static String image(Path output, String dir, String name, String alt, List<Path> images,
      JFreeChart chart) throws IOException {
    Path target = output.resolve(dir).resolve(name);
    ChartPng.write(target, chart);
    images.add(target);
    return "![" + alt + "](" + dir + "/" + name + ")\n\n";
  }

  private static String rowLabel(ResultEntry e) {
    if (e.kind() == ResultEntry.Kind.BASELINE) {
      return e.label() + " (" + e.totalRuns() + " runs)";
    }
    return e.label() + " (learned, " + e.replicates().size() + (e.replicates().size() == 1 ? " replicate, " : " replicates, ")
        + e.totalRuns() + " runs)";
  }

  /** GitHub's heading anchor: lower case, spaces to '-', other punctuation but '-' and '_' dropped. */
  private static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replace(' ', '-').replaceAll("[^a-z0-9_-]", "");
  }

  private static String notes() {
    return """
        ## How to read this report

        - Statistics (spec §9.4; natural logarithms, per evaluation run): `val_best` = ln of the smallest \
        validation loss over the epochs; `val_last` = ln of the last epoch's validation loss; `val_stability` \
        (optimization stability) = standard deviation over the epochs of ln G(val_loss) − ln val_loss, G a \
        Gaussian smoothing with σ = 2 epochs; `train_last` = ln of the last epoch's training loss (mean of that \
        epoch's batch losses); `acc_best` = best validation accuracy of the run.
        - Statistics table: mean ± standard deviation over all runs (population std); for a learned method the \
        runs of all its replicates are pooled. "(k NaN)": k runs with a NaN value (diverged) are left out of that \
        cell.
        - Replicate table (learned methods with several replicates): each replicate is reduced to the mean of its \
        runs; the cell is the mean of those means ± 2·stderr, stderr = sqrt(var(replicate means) / replicates).
        - Loss plots: the line is the mean over runs of ln loss per epoch, the band the range (min to max) over \
        runs, replicates pooled; learned methods are drawn thicker. As in the original's plots, a NaN (or \
        infinite) loss is replaced by 2.3 before the log, so a diverged run shows at ln 2.3 ≈ 0.83.
        - Stability plot (the paper's Figure 3): one point per optimizer at the mean `val_best` and mean \
        `val_stability` over all runs, with ± one standard deviation over runs as error bars; circles are \
        baselines, diamonds learned methods. Lower-left is better.
        - Meta-stability (learned methods; each `--method` is one configuration, its folders the replicates): \
        a one-way random-effects model y = mu + b_replicate + e_run of one statistic per evaluation run \
        (`--lme-statistic`, default `train_last`, the paper's Figure 6), fitted by REML. Meta-stability is the SD of b \
        (between replicates, evaluation noise removed), evaluation stability the SD of e. The mean's 95% interval \
        is a t interval on replicates − 1 degrees of freedom (exact for equal runs per replicate); the SDs' 95% \
        intervals are profile-likelihood intervals (REML deviance within 3.84, the chi-square(1) 95% quantile, of \
        its minimum); a replicate SD of 0 is the boundary estimate (between-replicate spread below what the \
        evaluation noise explains). Non-finite runs are left out. The plot (`meta_stability.png`) puts each \
        configuration at its perturbation magnitude (policy/perturbation/config noise_stddev, magnitude or \
        step_size of its config.json, 0 without perturbation, or `--magnitude NAME=X`), evenly spaced in \
        increasing order, with the replicate SD and its interval.
        - Choice plots (choice policies only, `choices_<i>.png`): per pool member, its weight averaged over the \
        coordinates of each variable, then over variables, runs and replicates, after every training batch \
        (binned to at most 400 points): what the network picks, and when.

        """;
  }
}
