package org.l2o.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the original's released RNNProp checkpoints ({@code shared/reference/original-pretrained/}): system
 * property {@code l2o.reference} or environment variable {@code L2O_REFERENCE}, else {@code ../shared/reference}
 * beside the repository root. Tests that need them fail (never skip) when they are missing, so CI notices.
 */
final class ReferenceWeights {
  private ReferenceWeights() {}

  /** The reference folder; throws with instructions if it is missing. */
  static Path referenceDir() {
    String configured = System.getProperty("l2o.reference", System.getenv("L2O_REFERENCE"));
    Path dir;
    if (configured != null && !configured.isBlank()) {
      dir = Path.of(configured);
    } else {
      Path root = Path.of(System.getProperty("l2o.root", ".")).toAbsolutePath().normalize();
      dir = root.resolveSibling("shared").resolve("reference");
    }
    if (!Files.isDirectory(dir.resolve("original-pretrained"))) {
      throw new IllegalStateException("the original's released weights are missing: expected "
          + dir.resolve("original-pretrained") + " (set -Dl2o.reference or L2O_REFERENCE to the reference folder)");
    }
    return dir;
  }

  /** Checkpoint prefix of one released student, e.g. ("choice-large", 1). */
  static Path prefix(String method, int replicate) {
    return referenceDir().resolve("original-pretrained").resolve(method).resolve(String.valueOf(replicate))
        .resolve("weights");
  }
}
