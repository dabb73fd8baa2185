package org.l2o.strategies.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.DirectoryLock;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.io.SummaryTable;
import org.l2o.core.random.Seeds;
import org.l2o.core.train.Learner;
import org.l2o.core.train.PeriodResult;
import org.l2o.strategies.Decision;
import org.l2o.strategies.History;
import org.l2o.strategies.PeriodPlan;
import org.l2o.strategies.Position;
import org.l2o.strategies.Strategies;
import org.l2o.strategies.Strategy;

/**
 * Runs a {@link Strategy} with a {@link Learner} and writes the experiment directory (spec §6.1, §6.5).
 *
 * <p>One period: train ({@link PeriodPlan#training()}, its seed derived from the run seed and the position, see
 * {@link #trainingSeed}), validate ({@link PeriodPlan#validation()}: p_teacher 0,
 * seed = validation_seed), {@link Learner#save} to {@code checkpoint/<name>}, write {@code log/<name>.npz} (if
 * stack_stats is not empty), then append the row and rewrite {@code summary.csv} atomically. The row is written
 * last: it is the commit point of the period. Then the strategy decides, and the learner restores the decision's
 * reload checkpoint if it has one; otherwise the next period continues from the current weights.
 *
 * <p>Every {@link #run} starts from the directory's state as described in {@link ResumePoint}; a runner may be run
 * again after it returned or threw. While it runs it holds the directory's {@link DirectoryLock} (another process
 * is refused), removes the temporary files a killed run left there, and checks that its folders can be written
 * before the first period is trained. Nothing is printed: progress goes to the listener as {@link StrategyEvents}
 * and the learner's events.
 */
public final class StrategyRunner {
  private final ExperimentLayout layout;
  private final Strategy strategy;
  private final StatsSelection stats;
  private final Learner learner;
  private final long runSeed;
  private final ProgressListener listener;
  private final InstantSource clock;

  /**
   * A runner.
   *
   * @param directory the experiment directory (its config.json and {@link RunSeed} are the caller's business)
   * @param runSeed   the run seed: every training period's seed is derived from it and the period's position
   * @param clock     source of the time and duration columns
   */
  public StrategyRunner(Path directory, Strategy strategy, StatsSelection stats, Learner learner, long runSeed,
      ProgressListener listener, InstantSource clock) {
    this.layout = new ExperimentLayout(directory);
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.learner = Objects.requireNonNull(learner, "learner");
    this.runSeed = runSeed;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A runner with the system clock. */
  public StrategyRunner(Path directory, Strategy strategy, StatsSelection stats, Learner learner, long runSeed,
      ProgressListener listener) {
    this(directory, strategy, stats, learner, runSeed, listener, InstantSource.system());
  }

  /**
   * A runner for a full config: the strategy from {@code strategy_constructor} / {@code strategy}, the statistics
   * from {@code training/mean_stats} / {@code training/stack_stats}.
   *
   * @throws org.l2o.core.json.ConfigException naming the key at fault
   */
  public static StrategyRunner fromConfig(Path directory, JsonNode config, Learner learner, long runSeed,
      ProgressListener listener) {
    return new StrategyRunner(directory, Strategies.fromConfig(config), StatsSelection.fromConfig(config), learner,
        runSeed, listener);
  }

  /**
   * The seed of the training period at {@code position}: {@code Seeds.derive(runSeed, PERIOD, stage, period,
   * repeat)}. A pure function of the run seed and the position, so a resumed run trains every period with the
   * seed the uninterrupted run would have used (a repeated attempt gets a seed of its own).
   */
  public static long trainingSeed(long runSeed, Position position) {
    return Seeds.derive(runSeed, Seeds.PERIOD, position.stage(), position.period(), position.repeat());
  }

  /** The strategy being run. */
  public Strategy strategy() {
    return strategy;
  }

  /** The experiment's files. */
  public ExperimentLayout layout() {
    return layout;
  }

  /** Runs (or resumes) until the schedule is complete. */
  public RunResult run() throws IOException {
    return run(Integer.MAX_VALUE);
  }

  /**
   * Runs (or resumes) at most {@code maxPeriods} periods, e.g. to stop within a time budget and resume later.
   *
   * @throws org.l2o.core.io.DirectoryInUseException if another process works in the directory
   * @throws IOException if the directory cannot be resumed ({@link ResumePoint#load}), one of its folders cannot be
   *     written (checked before the first period) or a file cannot be written
   */
  public RunResult run(int maxPeriods) throws IOException {
    if (maxPeriods < 0) {
      throw new IllegalArgumentException("maxPeriods must be >= 0, got " + maxPeriods);
    }
    Files.createDirectories(layout.directory());
    // re-entrant: the CLI already holds it while it writes config.json and seed.txt
    try (DirectoryLock lock = DirectoryLock.acquire(layout.directory(), "training")) {
      for (Path folder : layout.folders()) {
        AtomicFiles.removeStaleTemporaries(folder);
      }
      return runLocked(maxPeriods);
    }
  }

  private RunResult runLocked(int maxPeriods) throws IOException {
    ResumePoint start = ResumePoint.load(layout, strategy, stats, learner.teacherCount());
    listener.on(new StrategyEvents.RunStarted(start));
    Optional<Decision> decision = start.lastDecision();
    if (start.done()) {
      return new RunResult(0, decision, true);
    }
    // before the first period, not after it: a folder that cannot take the period's files is found at once
    AtomicFiles.requireWritableDirectory(layout.directory());
    AtomicFiles.requireWritableDirectory(layout.checkpointDirectory());
    if (!stats.stackStats().isEmpty()) {
      AtomicFiles.requireWritableDirectory(layout.logDirectory());
    }
    Optional<Position> restore = start.restoreFrom();
    if (restore.isPresent()) {
      restore(restore.get());
    }
    SummaryTable table = start.table();
    History history = start.history();
    Position next = start.next().orElseThrow();
    int trained = 0;
    while (trained < maxPeriods) {
      PeriodPlan plan = seeded(strategy.plan(next));
      listener.on(new StrategyEvents.PeriodStarted(plan));
      Instant begin = clock.instant();
      PeriodResult training = learner.run(plan.training(), listener);
      PeriodResult validation = learner.run(plan.validation(), listener);
      Files.createDirectories(layout.checkpointDirectory());
      learner.save(layout.checkpointPrefix(plan.name()));
      if (!stats.stackStats().isEmpty()) {
        Files.createDirectories(layout.logDirectory());
        Npz.write(layout.logFile(plan.name()), PeriodLog.arrays(stats, training, learner.teacherCount(),
            learner.problemCount()));
      }
      Instant end = clock.instant();
      table = withRow(table, SummaryColumns.row(strategy.kind(), stats, plan.position(), seconds(end),
          Duration.between(begin, end).toNanos() * 1e-9, plan.training(), training, validation));
      SummaryCsv.write(layout.summaryFile(), table); // the commit point of the period
      SummaryRow row = table.row(table.size() - 1);
      history = history.with(History.record(plan.position(), row));
      trained++;
      listener.on(new StrategyEvents.PeriodEnded(plan, training, validation, row));

      Decision d = strategy.decide(plan.position(), history);
      decision = Optional.of(d);
      listener.on(new StrategyEvents.DecisionMade(d));
      if (d.done()) {
        return new RunResult(trained, decision, true);
      }
      if (d.reload().isPresent()) {
        restore(d.reload().get());
      }
      next = d.next().orElseThrow();
    }
    return new RunResult(trained, decision, false);
  }

  /** The plan with its training seed derived from the run seed (the strategies leave it null). */
  private PeriodPlan seeded(PeriodPlan plan) {
    return new PeriodPlan(plan.position(), plan.name(), plan.label(),
        plan.training().withSeed(trainingSeed(runSeed, plan.position())), plan.validation());
  }

  private void restore(Position position) throws IOException {
    Path prefix = layout.checkpointPrefix(strategy.checkpointName(position));
    learner.restore(prefix);
    listener.on(new StrategyEvents.CheckpointRestored(position, prefix));
  }

  /** A copy of {@code table} with one more row (tables are append-only; the resume point's table stays as read). */
  private static SummaryTable withRow(SummaryTable table, Map<String, Number> values) {
    SummaryTable out = new SummaryTable(table.columns());
    for (SummaryRow row : table.rows()) {
      out.addRow(row.values());
    }
    out.addRow(values);
    return out;
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() * 1e-9;
  }
}
