package org.l2o.strategies.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.l2o.core.json.ConfigException;

/**
 * The number of meta-training workers of an experiment directory's run, kept in {@code <dir>/workers.txt} (one
 * decimal integer). Each worker adds its own problem instances to every meta-step, so the count is part of what a
 * run computes: it is written by the first run and a resumed run keeps it (whatever devices the resuming machine
 * has), as the run seed is kept ({@link RunSeed}).
 */
public final class RunWorkers {
  /** The file name inside the experiment directory. */
  public static final String FILE_NAME = "workers.txt";

  private RunWorkers() {}

  /** {@code <dir>/workers.txt}. */
  public static Path file(Path directory) {
    return directory.resolve(FILE_NAME);
  }

  /**
   * The worker count of {@code directory}'s run: the saved one; for a run that trained before counts were saved
   * (a summary.csv but no workers.txt), 1; otherwise {@code requested}, or {@code fallback} if that is null,
   * which is then saved atomically.
   *
   * @param requested the count asked for on the command line, null for none
   * @param fallback  the count without one (one per GPU seen, 1 on the CPU)
   * @throws ConfigException if a count is known and {@code requested} differs from it (naming the file)
   */
  public static int resolve(Path directory, Integer requested, int fallback) {
    Optional<Integer> saved = read(directory);
    if (saved.isEmpty() && Files.exists(new ExperimentLayout(directory).summaryFile())) {
      saved = Optional.of(1); // trained before the count was saved: every such run had one worker
    }
    if (saved.isPresent()) {
      if (requested != null && !requested.equals(saved.get())) {
        throw new ConfigException("--workers=" + requested + " differs from the " + saved.get() + " worker(s) "
            + (Files.exists(file(directory)) ? "saved in " + file(directory) : "of the run in " + directory)
            + " when the run started; a run keeps its worker count (omit --workers, or use another directory)");
      }
      return saved.get();
    }
    int count = requested != null ? requested : fallback;
    RunFile.write(file(directory), count);
    return count;
  }

  private static Optional<Integer> read(Path directory) {
    Path file = file(directory);
    return RunFile.read(file).map(text -> {
      try {
        int n = Integer.parseInt(text);
        if (n < 1) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ConfigException(file + ": expected the run's worker count (one positive integer), got '" + text
            + "'", e);
      }
    });
  }
}
