package org.l2o.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One cell of a sweep: the l2o commands it runs (each as its argument list), in one JVM of its own.
 *
 * @param id           e.g. {@code train/min-max/3}, {@code evaluate/min-max/3}, {@code baseline/adam}
 * @param kind         what it does
 * @param directory    the experiment directory it works in (for a baseline, its results' folder)
 * @param dependencies ids of the cells that must be done first
 * @param depth        the length of its longest chain of dependencies (0 for none)
 * @param steps        the commands, in order
 */
public record Cell(String id, CellKind kind, Path directory, List<String> dependencies, int depth, List<Step> steps) {

  /**
   * One l2o command of a cell.
   *
   * @param args   the command's arguments (without {@code l2o})
   * @param result what the command writes when it finished (a file, or a folder that then holds an .npz), or null
   *     where the command itself knows (training: a finished schedule trains nothing more)
   */
  public record Step(List<String> args, Path result) {
    /** Whether the result is there already, so that the step is skipped. */
    public boolean finished() throws IOException {
      if (result == null) {
        return false;
      }
      if (Files.isRegularFile(result)) {
        return true;
      }
      if (!Files.isDirectory(result)) {
        return false;
      }
      try (Stream<Path> files = Files.list(result)) {
        return files.anyMatch(f -> f.getFileName().toString().endsWith(".npz") && Files.isRegularFile(f));
      }
    }
  }
}
