package org.l2o.cli.sweep;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.l2o.core.io.AtomicFiles;

/**
 * The markers a cell leaves in its records folder ({@link SweepLayout#cell}): {@code running} (host, pid and start
 * time of the process running it), {@code done}, and {@code failed} (the last error line), and what they say.
 */
public final class CellRecords {
  private static final String RUNNING = "running";
  private static final String DONE = "done";
  private static final String FAILED = "failed";

  /** What a cell is, as {@code l2o sweep status} shows it. */
  public enum State {
    /** Finished: every step's result is there. */
    DONE,
    /** A process is running it (or ran it on another host and has not recorded an exit). */
    RUNNING,
    /** Its last run failed; the detail is the last error line. */
    FAILED,
    /** Not run yet (or waiting for its dependencies). */
    WAITING
  }

  /**
   * A cell's state with what explains it.
   *
   * @param state  the state
   * @param detail the error line, the holder, or what it waits for; empty if nothing to say
   */
  public record Status(State state, String detail) {}

  private final Path folder;
  private final Path log;

  /** The records of {@code cellId} in {@code layout}. */
  public CellRecords(SweepLayout layout, String cellId) {
    this.folder = layout.cell(cellId);
    this.log = layout.log(cellId);
  }

  /** The records folder (created by {@link #prepare}). */
  public Path folder() {
    return folder;
  }

  /** Creates the records folder. */
  public void prepare() throws IOException {
    Files.createDirectories(folder);
  }

  /** Whether the cell finished. */
  public boolean done() {
    return Files.isRegularFile(folder.resolve(DONE));
  }

  /** Records that this process runs the cell (and clears an earlier failure). */
  public void started() throws IOException {
    Files.deleteIfExists(folder.resolve(FAILED));
    ProcessHandle self = ProcessHandle.current();
    AtomicFiles.writeString(folder.resolve(RUNNING), "host=" + host() + " pid=" + self.pid() + " started="
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n");
  }

  /** Records that the cell finished. */
  public void finished() throws IOException {
    AtomicFiles.writeString(folder.resolve(DONE), Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n");
    Files.deleteIfExists(folder.resolve(RUNNING));
  }

  /** Records that the cell failed, with its last error line. */
  public void failed(String lastLine) throws IOException {
    prepare();
    AtomicFiles.writeString(folder.resolve(FAILED), oneLine(lastLine) + "\n");
    Files.deleteIfExists(folder.resolve(RUNNING));
  }

  /** The cell's state from its markers (dependencies are the caller's business). */
  public Status status() throws IOException {
    if (done()) {
      return new Status(State.DONE, "");
    }
    Path running = folder.resolve(RUNNING);
    if (Files.isRegularFile(running)) {
      Map<String, String> fields = fields(Files.readString(running, StandardCharsets.UTF_8));
      String host = fields.getOrDefault("host", "?");
      String pid = fields.getOrDefault("pid", "?");
      boolean here = host.equals(host());
      boolean alive = here && pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid))
          .map(ProcessHandle::isAlive).orElse(false);
      if (here && !alive) {
        return new Status(State.FAILED, "the process (pid " + pid + ") ended without recording an exit; last log"
            + " line: " + lastLogLine());
      }
      return new Status(State.RUNNING, "pid " + pid + (here ? "" : " on " + host) + ", started "
          + fields.getOrDefault("started", "?"));
    }
    Path failed = folder.resolve(FAILED);
    if (Files.isRegularFile(failed)) {
      return new Status(State.FAILED, Files.readString(failed, StandardCharsets.UTF_8).strip());
    }
    return new Status(State.WAITING, "");
  }

  /** The last non-blank line of the cell's log, or "(no log)". */
  public String lastLogLine() throws IOException {
    if (!Files.isRegularFile(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return oneLine(lines.get(i));
      }
    }
    return "(empty log)";
  }

  private static Map<String, String> fields(String text) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String word : text.strip().split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        out.put(word.substring(0, eq), word.substring(eq + 1));
      }
    }
    return out;
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip();
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }

  /** This machine's name, as the running marker records it. */
  static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
