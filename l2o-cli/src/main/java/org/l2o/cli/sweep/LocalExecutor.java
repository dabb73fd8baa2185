package org.l2o.cli.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the cells of a plan on this machine: up to N cell processes at once ({@link CellCommand}, one JVM per cell,
 * so that a native crash stays in its cell), each started once its dependencies are done, output appended to the
 * cell's log. Cells that are done are skipped; a failed cell's dependents are not started.
 */
public final class LocalExecutor {
  private static final long POLL_MILLIS = 200;

  private final SweepPlan plan;
  private final int workers;
  private final PrintStream out;

  /** An executor of {@code workers} processes at a time, reporting on {@code out}. */
  public LocalExecutor(SweepPlan plan, int workers, PrintStream out) {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
    }
    this.plan = plan;
    this.workers = workers;
    this.out = out;
  }

  /** Runs every cell that is not done; returns 0 if every cell is done at the end, else 1. */
  public int run() throws IOException, InterruptedException {
    List<String> prefix = CellCommand.prefix(plan.sweep());
    Map<String, Process> running = new LinkedHashMap<>();
    Map<String, CellRecords.State> state = new LinkedHashMap<>();
    List<String> elsewhere = new ArrayList<>();
    for (Cell c : plan.cells()) {
      CellRecords.State s = new CellRecords(plan.layout(), c.id()).status().state();
      if (s == CellRecords.State.RUNNING) {
        elsewhere.add(c.id());
      }
      state.put(c.id(), s == CellRecords.State.DONE ? s : CellRecords.State.WAITING);
    }
    long skipped = state.values().stream().filter(s -> s == CellRecords.State.DONE).count();
    out.printf("%d cell(s), %d done already; %d worker(s)%n", plan.cells().size(), skipped, workers);
    while (true) {
      for (Cell c : plan.cells()) {
        if (running.size() >= workers) {
          break;
        }
        if (state.get(c.id()) != CellRecords.State.WAITING || elsewhere.contains(c.id())
            || !c.dependencies().stream().allMatch(d -> state.get(d) == CellRecords.State.DONE)) {
          continue;
        }
        CellRecords records = new CellRecords(plan.layout(), c.id());
        records.prepare();
        List<String> command = new ArrayList<>(prefix);
        command.add(c.id());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.layout().log(c.id()).toFile())).start();
        running.put(c.id(), p);
        state.put(c.id(), CellRecords.State.RUNNING);
        out.printf("start %s (log %s)%n", c.id(), plan.layout().log(c.id()));
      }
      if (running.isEmpty()) {
        break;
      }
      Thread.sleep(POLL_MILLIS);
      for (var it = running.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue().isAlive()) {
          continue;
        }
        it.remove();
        int rc = e.getValue().exitValue();
        CellRecords records = new CellRecords(plan.layout(), e.getKey());
        CellRecords.Status s = records.status();
        if (rc == 0 && s.state() == CellRecords.State.DONE) {
          state.put(e.getKey(), CellRecords.State.DONE);
          out.printf("done  %s%n", e.getKey());
        } else {
          String detail = s.state() == CellRecords.State.FAILED ? s.detail() : records.lastLogLine();
          if (s.state() != CellRecords.State.FAILED || s.detail().startsWith("the process")) {
            records.failed("exit status " + rc + "; last log line: " + records.lastLogLine());
            detail = "exit status " + rc + "; last log line: " + records.lastLogLine();
          }
          state.put(e.getKey(), CellRecords.State.FAILED);
          out.printf("FAILED %s: %s%n", e.getKey(), detail);
        }
      }
    }
    long done = state.values().stream().filter(s -> s == CellRecords.State.DONE).count();
    out.printf("%d of %d cell(s) done", done, plan.cells().size());
    List<String> notRun = new ArrayList<>();
    for (Cell c : plan.cells()) {
      if (state.get(c.id()) == CellRecords.State.WAITING) {
        notRun.add(c.id());
      }
    }
    if (!notRun.isEmpty()) {
      out.printf("; not run (a dependency failed or is running in another process): %s", notRun);
    }
    out.println();
    return done == plan.cells().size() ? 0 : 1;
  }
}
