package org.l2o.strategies.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.json.ConfigException;

/** The one-line files a run keeps in its directory (seed.txt, workers.txt): read stripped, written atomically. */
final class RunFile {
  private RunFile() {}

  /**
   * The stripped text of {@code file}, if it exists.
   *
   * @throws ConfigException naming the file if it cannot be read
   */
  static Optional<String> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code value} and a newline to {@code file} atomically.
   *
   * @throws ConfigException naming the file if it cannot be written
   */
  static void write(Path file, Object value) {
    try {
      AtomicFiles.writeString(file, value + "\n");
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
