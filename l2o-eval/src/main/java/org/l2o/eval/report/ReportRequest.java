package org.l2o.eval.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2o.eval.stats.Statistic;

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
 * @param lmeStatistic the per-run statistic whose meta-stability is fitted ({@link MetaStability})
 * @param magnitudes  perturbation magnitudes given for some methods (the meta-stability plot's x), overriding
 *                    their configs ({@link Magnitude})
 */
public record ReportRequest(Path baselineDir, Map<String, List<Path>> methods, List<String> problems, Path output,
    String title, String command, Statistic lmeStatistic, Map<String, Double> magnitudes) {

  /** Default heading. */
  public static final String DEFAULT_TITLE = "l2o evaluation report";
  /** Default statistic of the meta-stability fit: ln of the last epoch's training loss, as in the paper's Fig. 6. */
  public static final Statistic DEFAULT_LME_STATISTIC = Statistic.TRAIN_LAST;

  /** A request with the {@link #DEFAULT_LME_STATISTIC} and no magnitudes given. */
  public ReportRequest(Path baselineDir, Map<String, List<Path>> methods, List<String> problems, Path output,
      String title, String command) {
    this(baselineDir, methods, problems, output, title, command, DEFAULT_LME_STATISTIC, Map.of());
  }

  /** Copies the collections (keeping the method order) and checks for missing values. */
  public ReportRequest {
    Objects.requireNonNull(baselineDir, "baselineDir");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(lmeStatistic, "lmeStatistic");
    for (String name : magnitudes.keySet()) {
      if (!methods.containsKey(name)) {
        throw new IllegalArgumentException("--magnitude " + name + "=...: no --method is named '" + name
            + "' (methods: " + methods.keySet() + ")");
      }
    }
    magnitudes = Map.copyOf(magnitudes);
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

  /**
   * Parses {@code NAME=X} specifications (the {@code --magnitude} option), X a finite number &ge; 0.
   *
   * @throws IllegalArgumentException for a specification without a name, a number that is not one, or a name
   *     given twice
   */
  public static Map<String, Double> parseMagnitudes(List<String> specs) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String name = eq < 0 ? "" : spec.substring(0, eq).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("--magnitude '" + spec + "': expected NAME=X, X a number >= 0");
      }
      String text = spec.substring(eq + 1).trim();
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!Double.isFinite(value) || value < 0) {
        throw new IllegalArgumentException("--magnitude '" + spec + "': '" + text + "' is not a number >= 0");
      }
      if (out.put(name, value) != null) {
        throw new IllegalArgumentException("--magnitude: '" + name + "' is given twice");
      }
    }
    return out;
  }
}
