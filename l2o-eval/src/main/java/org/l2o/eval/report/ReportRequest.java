package org.l2o.eval.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ReportGenerator} should gather and where it writes.
 *
 * @param baselineDir folder holding {@code baseline/<optimizer>/<problem>.npz} (the directory
 *                    {@code l2o baseline --directory} wrote to)
 * @param methods     learned methods in report order: name to its replicate folders (see
 *                    {@link ResultDiscovery} for what a folder may be)
 * @param problems    problems to report, in order; empty means every problem found
 * @param output      folder receiving {@code report.md} and one sub-folder of PNGs per problem
 * @param title       heading of the report
 * @param command     the command line that produced the report, quoted in it ("how produced")
 */
public record ReportRequest(Path baselineDir, Map<String, List<Path>> methods, List<String> problems, Path output,
    String title, String command) {

  /** Default heading. */
  public static final String DEFAULT_TITLE = "l2o evaluation report";

  /** Copies the collections (keeping the method order) and checks for missing values. */
  public ReportRequest {
    Objects.requireNonNull(baselineDir, "baselineDir");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(command, "command");
    Map<String, List<Path>> copy = new LinkedHashMap<>();
    methods.forEach((name, dirs) -> {
      if (dirs.isEmpty()) {
        throw new IllegalArgumentException("method '" + name + "' has no directory");
      }
      copy.put(name, List.copyOf(dirs));
    });
    methods = Collections.unmodifiableMap(copy);
    problems = List.copyOf(problems);
  }

  /**
   * Parses {@code NAME=DIR[,DIR...]} specifications (the {@code --method} option), keeping their
   * order. Repeating a name appends its directories.
   *
   * @throws IllegalArgumentException for a specification without a name or without directories
   */
  public static Map<String, List<Path>> parseMethods(List<String> specs) {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String name = eq < 0 ? "" : spec.substring(0, eq).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("--method '" + spec + "': expected NAME=DIR[,DIR...]");
      }
      List<Path> dirs = new ArrayList<>();
      for (String d : spec.substring(eq + 1).split(",")) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d.trim()));
        }
      }
      if (dirs.isEmpty()) {
        throw new IllegalArgumentException("--method '" + spec + "': no directory after '='");
      }
      out.computeIfAbsent(name, k -> new ArrayList<>()).addAll(dirs);
    }
    return out;
  }
}
