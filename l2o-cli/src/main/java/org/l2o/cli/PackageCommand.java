package org.l2o.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.core.io.DirectoryLock;
import org.l2o.policies.load.L2O;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code l2o package SRC DST}: turns an experiment's default checkpoint into a loadable optimizer package. */
@Command(name = "package", mixinStandardHelpOptions = true,
    description = {
        "Write a package of a meta-trained optimizer (the original's l2o.package, spec §11): DST/config.json (the",
        "experiment's config plus `metadata` naming the checkpoint and `settings` with the evaluation warm-up in",
        "iterations) and DST/weights.index|.data-00000-of-00001 from the strategy's default checkpoint. Load it in",
        "Java with L2O.load(DST). DST must not exist. SRC is locked while it is read (refused while another l2o",
        "process trains or evaluates it)."})
final class PackageCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SRC", description = "The experiment directory.")
  Path source;

  @Parameters(index = "1", paramLabel = "DST", description = "The package folder to create.")
  Path destination;

  @Override
  public Integer call() throws Exception {
    // a missing SRC is reported by TrainedCheckpoint.resolve
    try (DirectoryLock lock = Files.isDirectory(source) ? DirectoryLock.acquireForReading(source, "l2o package")
        : null) {
      TrainedCheckpoint c = TrainedCheckpoint.resolve(source, List.of(), List.of()).get(0);
      ObjectNode metadata = JsonNodeFactory.instance.objectNode();
      metadata.put("source", "l2o");
      metadata.put("experiment", source.getFileName() == null ? source.toString() : source.getFileName().toString());
      metadata.put("checkpoint", c.name());
      L2O.writePackage(destination, c.config().deepCopy(), c.weights().values(), c.policy().weightSpecs(),
          Math.toIntExact(c.warmup().iterations()), decimal(c.warmup().rate()), metadata);
      System.err.println("packaged " + c.name() + " of " + source + " into " + destination + " (warm-up "
          + c.warmup().iterations() + " iterations at " + c.warmup().rate() + ")");
      return 0;
    }
  }

  /**
   * The double with the shortest decimal form that rounds to {@code rate}: the package says 0.05, not the float's
   * widened 0.05000000074505806 (both give the same float when loaded).
   */
  static double decimal(float rate) {
    return Double.parseDouble(Float.toString(rate));
  }
}
