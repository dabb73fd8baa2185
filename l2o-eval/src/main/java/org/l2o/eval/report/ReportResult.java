package org.l2o.eval.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ReportGenerator#generate} wrote.
 *
 * @param markdown the report file ({@code <output>/report.md})
 * @param images   every PNG written, in report order
 * @param problems the problems in the report
 * @param warnings every warning (missing files, entries without a stability point), also listed in
 *                 the report itself
 */
public record ReportResult(Path markdown, List<Path> images, List<String> problems, List<String> warnings) {

  /** Copies the lists. */
  public ReportResult {
    images = List.copyOf(images);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }
}
