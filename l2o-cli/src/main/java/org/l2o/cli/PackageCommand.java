package org.l2o.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.policies.load.L2O;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code l2o package SRC DST}: turns an experiment's default checkpoint into a loadable optimizer package. */
@Command(name = "package", mixinStandardHelpOptions = true,
    description = {
        "Write a package of a meta-trained optimizer (the original's l2o.package, spec §11): DST/config.json (the",
        "experiment's config plus `metadata` naming the checkpoint and `settings` with the evaluation warm-up in",
        "iterations) and DST/weights.index|.data-00000-of-00001 from the strategy's default checkpoint. Load it in",
        "Java with L2O.load(DST). DST must not exist."})
final class PackageCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SRC", description = "The experiment directory.")
  Path source;

  @Parameters(index = "1", paramLabel = "DST", description = "The package folder to create.")
  Path destination;

  @Override
  public Integer call() throws Exception {
    TrainedCheckpoint c = TrainedCheckpoint.resolve(source, List.of(), List.of()).get(0);
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("source", "l2o");
    metadata.put("experiment", source.getFileName() == null ? source.toString() : source.getFileName().toString());
    metadata.put("checkpoint", c.name());
    L2O.writePackage(destination, c.config().deepCopy(), c.weights().values(), c.policy().weightSpecs(),
        Math.toIntExact(c.warmup().iterations()), c.warmup().rate(), metadata);
    System.err.println("packaged " + c.name() + " of " + source + " into " + destination + " (warm-up "
        + c.warmup().iterations() + " iterations at " + c.warmup().rate() + ")");
    return 0;
  }
}
