package org.l2o.problems.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an ordinary command-line client (npm, apt-get, dpkg-deb) as a subprocess in a work directory. */
final class ProcessRunner {
  private static final int TAIL_CHARS = 2000;

  private ProcessRunner() {}

  /**
   * Runs {@code command} in {@code dir}, with stdout and stderr captured to a log file there; returns the
   * output. Throws naming the command and showing the end of its output if it cannot start, exits non-zero
   * or runs past {@code timeout}.
   */
  static String run(List<String> command, Path dir, Duration timeout) throws IOException {
    String shown = String.join(" ", command);
    Path log = Files.createTempFile(dir, "cmd-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run '" + shown + "': is " + command.get(0) + " installed and on the PATH? ("
          + e.getMessage() + ")", e);
    }
    boolean finished;
    try {
      finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running '" + shown + "'", e);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
      throw new IOException("'" + shown + "' did not finish within " + timeout.toSeconds() + " s" + tail(output));
    }
    if (p.exitValue() != 0) {
      throw new IOException("'" + shown + "' failed with exit status " + p.exitValue() + tail(output));
    }
    return output;
  }

  private static String tail(String output) {
    String t = output.strip();
    if (t.isEmpty()) {
      return "";
    }
    return ":\n" + (t.length() > TAIL_CHARS ? "..." + t.substring(t.length() - TAIL_CHARS) : t);
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
