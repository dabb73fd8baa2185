package org.l2o.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.l2o.core.io.AtomicFiles;
import org.l2o.eval.functions.FunctionEvaluation;
import org.l2o.eval.harness.EvaluationEvents;
import org.l2o.eval.harness.OptimizerFactory;
import org.l2o.problems.functions.FunctionProblem;

/**
 * Runs function-problem evaluations (spec §9.2 {@code evaluate_function}) for {@code l2o baseline} and
 * {@code l2o evaluate}: one result file per cell with the key {@code loss} [repeat, steps]. Every check (a
 * result named twice, a result that exists, a folder that cannot be written) is made for all cells before the
 * first run. A run takes seconds, so an interrupted function evaluation starts over (no record of finished runs).
 */
final class FunctionEvaluations {

  /**
   * One evaluation.
   *
   * @param label     how progress and the table name it
   * @param target    its {@code .npz}
   * @param problem   the function problem
   * @param optimizer creates the optimizer under test in each run's graph (no warm-up: spec §9.1)
   * @param metadata  what the stats file records about it
   */
  record Cell(String label, Path target, FunctionProblem problem, OptimizerFactory optimizer,
      Map<String, Object> metadata) {
    Cell {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(optimizer, "optimizer");
      metadata = new LinkedHashMap<>(metadata);
    }
  }

  private FunctionEvaluations() {}

  /** Refuses a target named twice or one that exists (without {@code overwrite}); reads only. */
  static void check(List<Cell> cells, boolean overwrite) {
    Set<Path> targets = new HashSet<>();
    for (Cell c : cells) {
      if (!targets.add(c.target().toAbsolutePath().normalize())) {
        throw new IllegalArgumentException(c.label() + " is named twice; each is evaluated once");
      }
      if (Files.exists(c.target()) && !overwrite) {
        throw new IllegalStateException(c.target() + " already exists; pass --overwrite to replace it");
      }
    }
  }

  /**
   * Checks every cell, then runs them in order, writing each result as it finishes, and prints a table of
   * the mean over runs of ln best loss and ln last loss.
   *
   * @param seed        seed of the runs, or null for a random one (recorded in the stats file either way)
   * @param labelHeader header of the table's first column
   */
  static void run(List<Cell> cells, int repeat, Long seed, boolean overwrite, String labelHeader) throws IOException {
    if (cells.isEmpty()) {
      return;
    }
    check(cells, overwrite);
    for (Cell c : cells) {
      AtomicFiles.requireWritableDirectory(c.target().getParent());
    }
    long s = seed != null ? seed : new Random().nextLong();
    ConsoleProgress progress = new ConsoleProgress(System.err);
    StringBuilder table = new StringBuilder(String.format("%-40s %14s %14s%n", labelHeader, "ln best loss",
        "ln last loss"));
    for (Cell c : cells) {
      float[][] loss = FunctionEvaluation.run(c.problem(), c.optimizer(), repeat, c.problem().steps(), s, event -> {
        if (event instanceof EvaluationEvents.RepeatStarted e) {
          progress.update(String.format("%s run %d/%d (%d steps)", c.label(), e.repeat() + 1, e.repeats(),
              c.problem().steps()), false);
        }
      });
      Map<String, Object> metadata = new LinkedHashMap<>(c.metadata());
      metadata.put("repeat", repeat);
      metadata.put("steps", c.problem().steps());
      metadata.put("seed", s);
      FunctionEvaluation.Statistics stats = FunctionEvaluation.write(c.target(), loss, metadata);
      progress.line("wrote " + c.target());
      table.append(String.format("%-40s %14.4f %14.4f%n", c.label(), stats.meanBest(), stats.meanLast()));
    }
    System.out.println();
    System.out.print(table);
  }
}
