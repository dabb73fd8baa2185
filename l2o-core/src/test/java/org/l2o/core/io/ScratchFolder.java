package org.l2o.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The flat scratch folder a property class writes its damaged files into (jqwik has no per-class temp folder). */
public final class ScratchFolder {
  private ScratchFolder() {}

  /** A fresh folder in the system's temporary directory, its name starting with {@code prefix}. */
  public static Path create(String prefix) throws IOException {
    return Files.createTempDirectory(prefix);
  }

  /** Deletes the files directly inside {@code dir}, then {@code dir}; nothing if it is absent. */
  public static void delete(Path dir) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
