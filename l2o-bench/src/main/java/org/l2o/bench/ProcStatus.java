package org.l2o.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from Linux's {@code /proc/self/status}: {@code VmRSS} (now) and
 * {@code VmHWM} (the peak since the process started, the "high water mark"). Both count the JVM heap
 * actually touched plus all native memory (TensorFlow's tensors, graph and kernels).
 *
 * @param rssBytes  VmRSS in bytes, or -1 if unavailable
 * @param peakBytes VmHWM in bytes, or -1 if unavailable
 */
public record ProcStatus(long rssBytes, long peakBytes) {

  private static final Path SELF = Path.of("/proc/self/status");

  /** Reads this process's status; both figures are -1 where {@code /proc} is not available. */
  public static ProcStatus read() {
    if (!Files.isReadable(SELF)) {
      return new ProcStatus(-1, -1);
    }
    try {
      return parse(Files.readString(SELF));
    } catch (IOException e) {
      return new ProcStatus(-1, -1);
    }
  }

  /** Parses the text of a {@code /proc/<pid>/status} file (lines such as {@code VmHWM:   123456 kB}). */
  public static ProcStatus parse(String status) {
    return new ProcStatus(field(status, "VmRSS"), field(status, "VmHWM"));
  }

  private static long field(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key + ":")) {
        String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
        long value = Long.parseLong(parts[0]);
        if (parts.length > 1 && !parts[1].equalsIgnoreCase("kB")) {
          throw new IllegalArgumentException("unexpected unit in /proc status line '" + line + "' (expected kB)");
        }
        return value * 1024;
      }
    }
    return -1;
  }

  /** Whether both figures were read. */
  public boolean available() {
    return rssBytes >= 0 && peakBytes >= 0;
  }
}
