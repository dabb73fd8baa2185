package org.l2o.cli.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs one cell in a JVM of its own: this JVM's java, its heap and l2o system properties,
 * the sweep file's {@code java_options}, this class path, then {@code org.l2o.cli.Main sweep cell FILE CELL}. Both
 * executors run exactly this, so a cell gives the same result wherever it runs.
 */
public final class CellCommand {
  private CellCommand() {}

  /** The command up to and including the sweep file; append the cell id. */
  public static List<String> prefix(SweepFile sweep) {
    List<String> out = new ArrayList<>();
    out.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx") || a.startsWith("-Xss") || a.startsWith("-Dl2o.")) {
        out.add(a);
      }
    }
    if (System.getProperty("l2o.root") != null
        && out.stream().noneMatch(a -> a.startsWith("-Dl2o.root="))) {
      out.add("-Dl2o.root=" + System.getProperty("l2o.root"));
    }
    out.addAll(sweep.javaOptions());
    out.add("-cp");
    out.add(System.getProperty("java.class.path"));
    out.add("org.l2o.cli.Main");
    out.add("sweep");
    out.add("cell");
    out.add(sweep.file().toAbsolutePath().normalize().toString());
    return out;
  }
}
