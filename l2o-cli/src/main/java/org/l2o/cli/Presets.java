package org.l2o.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the CLI finds the presets folder. */
final class Presets {
  private Presets() {}

  /**
   * {@code presets/} of the repository: system property {@code l2o.presets}, else {@code <l2o.root>/presets}
   * ({@code l2o.root} is set by the launcher), else {@code ./presets}.
   */
  static Path directory() {
    String explicit = System.getProperty("l2o.presets");
    Path dir = explicit != null ? Path.of(explicit) : Path.of(System.getProperty("l2o.root", ".")).resolve("presets");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("presets folder not found at " + dir.toAbsolutePath()
          + " (run through the ./l2o launcher, or set -Dl2o.presets)");
    }
    return dir;
  }
}
