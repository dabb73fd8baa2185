package org.l2o.cli;

import org.l2o.policies.load.L2O;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.experiment.packages.OriginalImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code l2o import-original SRC DST}: turns one of the original's released RNNProp checkpoints into a package. */
@Command(
    name = "import-original",
    mixinStandardHelpOptions = true,
    description = {
        "Turn one of the original's released RNNProp checkpoints (spec §14) into a",
        "learned-optimizer package that L2O.load reads:",
        "  DST/config.json   defaults for curriculum + rnnprop with the conv_train",
        "                    problem, metadata {source: original, ...} and settings",
        "                    {warmup: 100 (iterations), warmup_rate: 0.05}",
        "  DST/weights.*     the policy weights under the original's keys",
        "The checkpoint is checked first: every RNNProp weight must be present,",
        "float32, of the default shapes ([20, 20] layers) and finite, and the",
        "checkpoint must be the original's (TensorFlow's object graph in it): one",
        "that l2o wrote is refused; package it with `l2o package` instead."},
    footer = {"", "Example:", "  l2o import-original original-pretrained/choice-large/1 choice-large-1"})
final class ImportOriginalCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SRC",
      description = {"A folder holding weights.index + weights.data-00000-of-00001,",
          "or a checkpoint prefix."})
  Path src;

  @Parameters(index = "1", paramLabel = "DST", description = "The package folder to create (must not exist).")
  Path dst;

  @Override
  public Integer call() throws Exception {
    LearnedOptimizer imported = OriginalImport.importCheckpoint(src, dst);
    long scalars = imported.policy().weightSpecs().stream().mapToLong(s -> s.shape().size()).sum();
    System.out.printf("imported %s into %s: RNNProp layers %s, %d weights, warm-up %d iterations at %s%n",
        imported.metadata().path("checkpoint").asText(src.toString()), dst,
        imported.policy(RnnProp.class).config().layers(), scalars, imported.settings().warmupIterations(),
        imported.settings().warmupRate());
    return 0;
  }
}
