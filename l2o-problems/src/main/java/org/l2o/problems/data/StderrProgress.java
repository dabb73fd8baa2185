package org.l2o.problems.data;

import java.io.PrintStream;
import java.util.Locale;

/** Prints progress lines (bytes / total / rate) to a stream, at most one line per interval per transfer. */
public final class StderrProgress implements Progress {
  private final PrintStream out;
  private final long intervalNanos;

  /** Progress on {@code System.err}, one line per second at most. */
  public StderrProgress() {
    this(System.err, 1000);
  }

  /** Progress on {@code out}, one line per {@code intervalMillis} at most per transfer. */
  public StderrProgress(PrintStream out, long intervalMillis) {
    this.out = out;
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  @Override
  public void message(String text) {
    out.println(text);
  }

  @Override
  public Transfer start(String label, long totalBytes) {
    long t0 = System.nanoTime();
    return new Transfer() {
      private long lastPrint = t0;

      @Override
      public void update(long doneBytes) {
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos) {
          lastPrint = now;
          out.println(line(label, doneBytes, totalBytes, now - t0));
        }
      }

      @Override
      public void finish(long doneBytes) {
        out.println(line(label, doneBytes, totalBytes, System.nanoTime() - t0) + " done");
      }
    };
  }

  /** e.g. {@code "  train.gz 12.0 MB / 45.0 MB (27%) at 8.1 MB/s"}. */
  static String line(String label, long done, long total, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
    String of = total > 0
        ? " / " + bytes(total) + String.format(Locale.ROOT, " (%d%%)", Math.round(100.0 * done / total))
        : "";
    return "  " + label + " " + bytes(done) + of + " at " + bytes((long) (done / seconds)) + "/s";
  }

  /** Human-readable size in decimal units. */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
