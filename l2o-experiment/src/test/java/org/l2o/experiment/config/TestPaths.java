package org.l2o.experiment.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project's top-level presets folder from a test run. */
final class TestPaths {
  private TestPaths() {}

  /** {@code <l2o.root>/presets}, else the first {@code presets/} found walking up from the working dir. */
  static Path presetsDir() {
    String root = System.getProperty("l2o.root");
    if (root != null && Files.isDirectory(Path.of(root, "presets"))) {
      return Path.of(root, "presets");
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("presets")) && Files.exists(p.resolve("pom.xml"))) {
        return p.resolve("presets");
      }
    }
    throw new IllegalStateException("presets folder not found from " + Path.of("").toAbsolutePath());
  }
}
