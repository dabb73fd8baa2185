package org.l2o.cli.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.l2o.core.io.DirectoryLock;

/**
 * Runs one cell in this process: {@code l2o sweep cell FILE CELL}, the command both executors start (one JVM per
 * cell). It refuses a cell whose dependencies are not done, locks the cell's records folder (a second process
 * running the same cell is refused, naming the holder), skips a cell that is done and each step whose result is
 * there, and runs the other steps as the l2o commands themselves (a training re-run with its config continues
 * where it stopped; an interrupted evaluation continues its runs). It records done, or failed with the last error
 * line.
 */
public final class CellRunner {
  private final SweepPlan plan;
  private final Function<String[], Integer> cli;

  /**
   * @param plan the sweep's plan
   * @param cli  runs one l2o command line and returns its exit status (errors printed on System.err)
   */
  public CellRunner(SweepPlan plan, Function<String[], Integer> cli) {
    this.plan = plan;
    this.cli = cli;
  }

  /** Runs cell {@code id}; returns the exit status of the first failed step, or 0. */
  public int run(String id) throws IOException {
    Cell cell = plan.cell(id);
    for (String dep : cell.dependencies()) {
      CellRecords.Status s = new CellRecords(plan.layout(), dep).status();
      if (s.state() != CellRecords.State.DONE) {
        throw new IllegalStateException("cell " + id + " needs " + dep + ", which is not done ("
            + s.state().name().toLowerCase(java.util.Locale.ROOT) + (s.detail().isEmpty() ? "" : ": " + s.detail())
            + ")");
      }
    }
    CellRecords records = new CellRecords(plan.layout(), id);
    records.prepare();
    try (DirectoryLock lock = DirectoryLock.acquire(records.folder(), "l2o sweep cell " + id)) {
      if (records.done()) {
        System.err.println(id + ": done already");
        return 0;
      }
      records.started();
      LastLine last = new LastLine(System.err);
      PrintStream oldErr = System.err;
      System.setErr(new PrintStream(last, true, StandardCharsets.UTF_8));
      int status = 0;
      try {
        for (Cell.Step step : cell.steps()) {
          if (step.finished()) {
            System.err.println(id + ": " + step.result() + " is there; skipped");
            continue;
          }
          System.err.println(id + ": l2o " + String.join(" ", step.args()));
          status = cli.apply(step.args().toArray(String[]::new));
          if (status != 0) {
            break;
          }
        }
      } catch (RuntimeException | Error e) {
        System.err.println("error: " + e);
        records.failed(last.line());
        throw e;
      } finally {
        System.err.flush();
        System.setErr(oldErr);
      }
      if (status != 0) {
        records.failed(last.line());
        return status;
      }
      records.finished();
      System.err.println(id + ": done");
      return 0;
    }
  }

  /** Forwards bytes and remembers the last non-blank line. */
  private static final class LastLine extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private String last = "";

    LastLine(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      target.write(b);
      if (b == '\n') {
        String line = current.toString(StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          last = line.strip();
        }
        current.reset();
      } else {
        current.write(b);
      }
    }

    @Override
    public void flush() {
      target.flush();
    }

    synchronized String line() {
      String pending = current.toString(StandardCharsets.UTF_8);
      return pending.isBlank() ? last : pending.strip();
    }
  }
}
