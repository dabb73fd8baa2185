package org.l2o.strategies.run;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.l2o.core.json.ConfigException;

/**
 * The run seed of an experiment directory, kept in {@code <dir>/seed.txt} (one decimal integer). Every random
 * stream of a run is derived from it and the position in the schedule ({@link org.l2o.core.random.Seeds}), so a
 * resumed run draws exactly what the uninterrupted run would have: the seed is written once, by the first run,
 * and read by every later one.
 */
public final class RunSeed {
  /** The file name inside the experiment directory. */
  public static final String FILE_NAME = "seed.txt";

  private RunSeed() {}

  /** {@code <dir>/seed.txt}. */
  public static Path file(Path directory) {
    return directory.resolve(FILE_NAME);
  }

  /**
   * The seed saved in {@code directory}, if any.
   *
   * @throws ConfigException if the file exists but does not hold one integer (naming the file)
   */
  public static Optional<Long> read(Path directory) {
    Path file = file(directory);
    return RunFile.read(file).map(text -> {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new ConfigException(file + ": expected the run seed (one integer), got '" + text + "'", e);
      }
    });
  }

  /**
   * The run seed of {@code directory}: the saved one if there is one, otherwise {@code requested} (or a fresh
   * random seed if that is null), which is then saved atomically.
   *
   * @param requested the seed asked for on the command line, null for none
   * @throws ConfigException if a seed is saved and {@code requested} differs from it
   */
  public static long resolve(Path directory, Long requested) {
    Optional<Long> saved = read(directory);
    if (saved.isPresent()) {
      check(directory, saved.get(), requested);
      return saved.get();
    }
    long seed = requested != null ? requested : new SecureRandom().nextLong();
    write(directory, seed);
    return seed;
  }

  /**
   * Saves {@code requested} if it is given and no seed is saved yet; checks it against the saved one otherwise.
   * For {@code train --initialize}: without {@code --seed}, the first real run draws the seed.
   *
   * @throws ConfigException if a seed is saved and {@code requested} differs from it
   */
  public static void initialize(Path directory, Long requested) {
    Optional<Long> saved = read(directory);
    if (saved.isPresent()) {
      check(directory, saved.get(), requested);
    } else if (requested != null) {
      write(directory, requested);
    }
  }

  private static void check(Path directory, long saved, Long requested) {
    if (requested != null && requested != saved) {
      throw new ConfigException("--seed=" + requested + " differs from the run seed " + saved + " saved in "
          + file(directory) + " when the run started; a run keeps its seed (omit --seed, or use another directory)");
    }
  }

  private static void write(Path directory, long seed) {
    RunFile.write(file(directory), seed);
  }
}
