package org.l2o.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line progress display on stderr: redrawn in place (carriage return) on a terminal, printed as whole
 * lines at most every few seconds otherwise (CI logs, pipes), so long work is visible without flooding logs.
 */
final class ConsoleProgress {
  private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
  private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean interactive;
  private long lastDraw;
  private int lastLength;

  ConsoleProgress(PrintStream out) {
    this.out = out;
    this.interactive = System.console() != null;
  }

  /** Shows {@code text} if enough time has passed since the last update (or {@code force}). */
  void update(String text, boolean force) {
    long now = System.nanoTime();
    long interval = interactive ? REDRAW_INTERVAL_NANOS : LINE_INTERVAL_NANOS;
    if (!force && lastDraw != 0 && now - lastDraw < interval) {
      return;
    }
    lastDraw = now;
    if (interactive) {
      String padded = text.length() < lastLength ? text + " ".repeat(lastLength - text.length()) : text;
      out.print("\r" + padded);
      lastLength = text.length();
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Prints a permanent line, ending any in-place line first. */
  void line(String text) {
    if (interactive && lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      lastLength = 0;
    }
    out.println(text);
    out.flush();
    lastDraw = System.nanoTime();
  }

  /** A text bar of {@code width} cells for a fraction in [0, 1]. */
  static String bar(double fraction, int width) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }

  /** "1h02m", "3m05s" or "12s". */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    Duration d = Duration.ofSeconds(Math.round(seconds));
    if (d.toHours() > 0) {
      return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
    }
    if (d.toMinutes() > 0) {
      return String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
    return d.toSeconds() + "s";
  }
}
