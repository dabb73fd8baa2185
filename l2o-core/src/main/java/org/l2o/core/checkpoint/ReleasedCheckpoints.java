package org.l2o.core.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the original's released RNNProp checkpoints ({@code reference/original-pretrained/<method>/<replicate>/
 * weights.*}), used by the golden tests and comparisons: system property {@code l2o.reference} or environment
 * variable {@code L2O_REFERENCE}, else {@code ../shared/reference} beside the repository root ({@code l2o.root}).
 * A missing folder is an error with instructions, never a silent skip.
 */
public final class ReleasedCheckpoints {
  private ReleasedCheckpoints() {}

  /**
   * The reference folder (the parent of {@code original-pretrained/}).
   *
   * @return the folder from {@code -Dl2o.reference}, {@code L2O_REFERENCE} or {@code ../shared/reference} next to the
   *     project root
   * @throws IllegalStateException if it has no {@code original-pretrained} folder
   */
  public static Path referenceDir() {
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

  /**
   * The folder of one released student, e.g. ("choice-large", 1).
   *
   * @param method the release's method folder, e.g. {@code choice-large}
   * @param replicate the replicate's number
   * @return {@code <reference>/original-pretrained/<method>/<replicate>}
   */
  public static Path folder(String method, int replicate) {
    return referenceDir().resolve("original-pretrained").resolve(method).resolve(String.valueOf(replicate));
  }

  /**
   * The checkpoint prefix ({@code .../weights}) of one released student.
   *
   * @param method the release's method folder, e.g. {@code choice-large}
   * @param replicate the replicate's number
   * @return the {@code weights} prefix inside {@link #folder}
   */
  public static Path prefix(String method, int replicate) {
    return folder(method, replicate).resolve("weights");
  }
}
