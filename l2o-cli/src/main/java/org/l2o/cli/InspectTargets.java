package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.io.AtomicFiles;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.policies.load.L2O;
import org.l2o.strategies.History;
import org.l2o.strategies.Strategy;

/**
 * The checkpoint bundles {@code l2o inspect PATH} looks at: a bundle named by its prefix, its {@code .index} or
 * its data file; a folder holding {@code weights.index} (a package, or one of the original's released
 * checkpoints); or an experiment directory (config.json and summary.csv): its default checkpoint (what evaluate
 * and package use) and its latest completed period, or with {@code all} every complete bundle in
 * {@code checkpoint/}, also those of periods summary.csv does not list (not the temporary files of a killed save).
 */
final class InspectTargets {
  private InspectTargets() {}

  /**
   * One bundle to inspect.
   *
   * @param prefix the bundle's prefix
   * @param role   why it was chosen, e.g. "default checkpoint, latest"; empty when named directly
   */
  record Target(Path prefix, String role) {}

  /**
   * The bundles of one PATH argument.
   *
   * @throws IOException naming the path and what was expected there
   */
  static List<Target> resolve(Path path, boolean all) throws IOException {
    if (Files.isDirectory(path)) {
      if (TensorCheckpoint.exists(path.resolve(L2O.WEIGHTS))) {
        return List.of(new Target(path.resolve(L2O.WEIGHTS), ""));
      }
      if (Files.exists(path.resolve(ExperimentConfig.FILE_NAME))) {
        return experiment(path, all);
      }
      throw new IOException(path + " is neither a package or released checkpoint (no " + L2O.WEIGHTS
          + TensorCheckpoint.INDEX_SUFFIX + ") nor an experiment directory (no " + ExperimentConfig.FILE_NAME + ")");
    }
    Path prefix = prefixOf(path);
    if (TensorCheckpoint.exists(prefix)) {
      return List.of(new Target(prefix, ""));
    }
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such file or directory (expected a checkpoint prefix P"
          + " with P" + TensorCheckpoint.INDEX_SUFFIX + " + P" + TensorCheckpoint.DATA_SUFFIX
          + ", a package folder or an experiment directory)");
    }
    throw new IOException("no checkpoint at " + path + ": expected " + TensorCheckpoint.indexFile(prefix)
        .getFileName() + " and " + TensorCheckpoint.dataFile(prefix).getFileName() + " beside it");
  }

  /** {@code P} for {@code P}, {@code P.index} and {@code P.data-00000-of-00001}. */
  private static Path prefixOf(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    for (String suffix : List.of(TensorCheckpoint.INDEX_SUFFIX, TensorCheckpoint.DATA_SUFFIX)) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return path.resolveSibling(name.substring(0, name.length() - suffix.length()));
      }
    }
    return path;
  }

  private static List<Target> experiment(Path dir, boolean all) throws IOException {
    Path checkpoints = dir.resolve("checkpoint");
    if (all) {
      List<Target> out = new ArrayList<>();
      for (Path prefix : bundles(checkpoints)) {
        out.add(new Target(prefix, ""));
      }
      if (out.isEmpty()) {
        throw new IOException(dir + ": no complete checkpoint in " + checkpoints);
      }
      return out;
    }
    ObjectNode config = ExperimentConfig.load(dir);
    Strategy strategy = Experiment.of(config).strategy();
    Path summary = dir.resolve("summary.csv");
    History history = Files.exists(summary) ? History.read(summary, strategy.kind()) : History.empty(strategy.kind());
    if (history.isEmpty()) {
      throw new IOException(dir + ": no completed period in summary.csv; inspect its checkpoint files with --all"
          + " or name one (" + checkpoints + "/NAME)");
    }
    // default first, then the latest; one bundle that is both is listed once with both roles
    Map<String, String> roles = new LinkedHashMap<>();
    strategy.defaultCheckpoint(history).ifPresent(p -> roles.put(strategy.checkpointName(p), "default checkpoint"));
    String latest = strategy.checkpointName(history.last().orElseThrow().position());
    roles.merge(latest, "latest period", (a, b) -> a + ", " + b);
    List<Target> out = new ArrayList<>();
    roles.forEach((name, role) -> out.add(new Target(checkpoints.resolve(name), role)));
    return out;
  }

  /** The complete bundles in a folder, sorted by name. */
  private static List<Path> bundles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(TensorCheckpoint.INDEX_SUFFIX))
          .map(n -> folder.resolve(n.substring(0, n.length() - TensorCheckpoint.INDEX_SUFFIX.length())))
          .filter(p -> !AtomicFiles.isTemporary(p) && TensorCheckpoint.exists(p))
          .sorted()
          .toList();
    }
  }
}
