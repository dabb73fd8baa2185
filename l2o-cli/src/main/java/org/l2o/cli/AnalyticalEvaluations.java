package org.l2o.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.l2o.core.io.AtomicFiles;
import org.l2o.eval.harness.EvaluationFiles;
import org.l2o.eval.harness.EvaluationRunner;
import org.l2o.eval.harness.PartialEvaluation;
import org.l2o.eval.harness.RunStack;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.StatisticsTable;
import org.l2o.policies.optimizer.Baselines;
import org.l2o.problems.ImageClassifier;

/**
 * Trains evaluation problems with analytical optimizers and writes one result file per (optimizer, problem): the
 * work of {@code l2o baseline} and {@code l2o gridsearch}. Every check (a target named twice, a result that
 * exists, a folder that cannot be written, a missing dataset, an interrupted evaluation with other settings)
 * is made for all targets before the first run.
 */
final class AnalyticalEvaluations {

  /**
   * One evaluation.
   *
   * @param label    how progress and the table name it
   * @param target   its {@code .npz}
   * @param problem  the problem trained
   * @param baseline the optimizer
   * @param epochs   epochs per run
   * @param metadata what the result file records about it (settings that must match to continue it)
   */
  record Cell(String label, Path target, ImageClassifier problem, Baselines.Baseline baseline, int epochs,
      Map<String, Object> metadata) {
    Cell {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(baseline, "baseline");
      metadata = new LinkedHashMap<>(metadata);
    }
  }

  private AnalyticalEvaluations() {}

  /**
   * Checks every cell, then runs them in order, writing each result as it finishes.
   *
   * @param cells     the evaluations
   * @param repeat    runs per evaluation
   * @param seed      seed of the runs, or null (then the one of an interrupted evaluation, else random)
   * @param overwrite replace existing results and discard interrupted evaluations
   * @return the statistics of every cell, by label
   */
  static StatisticsTable run(List<Cell> cells, int repeat, Long seed, boolean overwrite, String labelHeader)
      throws IOException {
    Set<Path> targets = new HashSet<>();
    for (Cell c : cells) {
      if (!targets.add(c.target())) {
        throw new IllegalArgumentException(c.label() + " is named twice; each is evaluated once");
      }
      PartialEvaluation.discardIfFinished(c.target());
      if (Files.exists(c.target()) && !overwrite) {
        throw new IllegalStateException(c.target() + " already exists; pass --overwrite to replace it");
      }
    }
    for (Cell c : cells) {
      AtomicFiles.requireWritableDirectory(c.target().getParent()); // found now, not after every run
    }
    Set<String> datasets = new HashSet<>();
    for (Cell c : cells) {
      if (datasets.add(c.problem().dataset().name())) {
        ProblemSupport.ensureData(c.problem());
      }
    }
    // Every record of an interrupted evaluation is checked (same settings, same seed) before any work.
    List<PartialEvaluation> partials = new ArrayList<>();
    for (Cell c : cells) {
      partials.add(PartialEvaluation.open(c.target(), c.metadata(), seed, overwrite));
    }

    StatisticsTable table = new StatisticsTable(labelHeader);
    ConsoleProgress progress = new ConsoleProgress(System.err);
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      PartialEvaluation partial = partials.get(i);
      RunStack stack = EvaluationRunner.run(c.problem(), c.baseline()::create, repeat, c.epochs(), partial,
          new BaselineCommand.EvaluationProgress(progress, c.label(), repeat));
      Map<String, Object> metadata = new LinkedHashMap<>(c.metadata());
      metadata.put("seed", partial.seed());
      EvaluationStatistics stats = EvaluationFiles.write(c.target(), stack, metadata);
      partial.finish();
      table.add(c.label(), stats);
      progress.line("wrote " + c.target());
    }
    return table;
  }
}
