package org.l2o.strategies.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.l2o.core.io.SummaryCsv;

/**
 * The files of an experiment directory (spec §6.5): {@code summary.csv},
 * {@code checkpoint/<name>.index|.data-00000-of-00001} and {@code log/<name>.npz}. ({@code config.json} is
 * written by the caller.)
 *
 * @param directory the experiment directory, e.g. {@code results/rnnprop/mean/1}
 */
public record ExperimentLayout(Path directory) {
  /** Checks the directory is given. */
  public ExperimentLayout {
    Objects.requireNonNull(directory, "directory");
  }

  /** {@code <dir>/summary.csv}. */
  public Path summaryFile() {
    return directory.resolve(SummaryCsv.FILE_NAME);
  }

  /** {@code <dir>/checkpoint}. */
  public Path checkpointDirectory() {
    return directory.resolve("checkpoint");
  }

  /** {@code <dir>/log}. */
  public Path logDirectory() {
    return directory.resolve("log");
  }

  /** The checkpoint prefix {@code <dir>/checkpoint/<name>} (the bundle adds .index and .data-00000-of-00001). */
  public Path checkpointPrefix(String name) {
    return checkpointDirectory().resolve(name);
  }

  /** The folders a run writes into: the directory itself, {@code checkpoint} and {@code log}. */
  public List<Path> folders() {
    return List.of(directory, checkpointDirectory(), logDirectory());
  }

  /** {@code <dir>/log/<name>.npz}. */
  public Path logFile(String name) {
    return logDirectory().resolve(name + ".npz");
  }
}
