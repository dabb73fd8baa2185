package org.l2o.experiment.config;

import org.l2o.core.json.ConfigException;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The experiment's saved config.json differs from the config of this run; nothing was overwritten. */
public class ConfigMismatchException extends ConfigException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigDifference> differences;

  /** Creates the exception; the message lists every difference, one per line. */
  public ConfigMismatchException(Path file, List<ConfigDifference> differences) {
    super(message(file, differences));
    this.differences = List.copyOf(differences);
  }

  /** Every difference found, in config order. */
  public List<ConfigDifference> differences() {
    return differences;
  }

  private static String message(Path file, List<ConfigDifference> differences) {
    return file + " differs from the config of this run in " + differences.size()
        + " place(s); refusing to overwrite it (use the same settings, or another directory):\n"
        + differences.stream().map(d -> "  " + d).collect(Collectors.joining("\n"));
  }
}
