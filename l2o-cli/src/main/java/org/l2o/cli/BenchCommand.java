package org.l2o.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.io.IOException;
import java.nio.file.Path;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.core.policy.UpdateRule;
import org.l2o.policies.registry.PolicyRegistry;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.problems.ImageClassifier;
import org.l2o.eval.harness.OptimizerFactory;
import org.l2o.bench.StepBenchmark;
import org.l2o.policies.optimizer.Baselines;
import org.tensorflow.framework.optimizers.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2o bench}: milliseconds per training step under each optimizer, as ratios to an Adam step; the
 * subcommands {@code l2o bench meta} ({@link MetaBenchCommand}) and {@code l2o bench soak}
 * ({@link SoakBenchCommand}) benchmark meta-training's speed and its memory over a long run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    subcommands = {MetaBenchCommand.class, SoakBenchCommand.class},
    description = {
        "Measure milliseconds per training step of a problem (default conv_train, batch 128) under TensorFlow "
            + "Java's framework Adam (the reference), the Keras-formula baselines, every pool rule and the drop-in "
            + "RNNProp optimizer, in one "
            + "process with interleaved rounds, and print each as a ratio to the reference step.",
        "",
        "`l2o bench meta` measures meta-training instead (seconds per inner step of an unroll, peak memory); see "
            + "`l2o bench meta --help`. `l2o bench soak` runs a long meta-training of a small configuration and"
            + " reports whether resident memory stays flat; see `l2o bench soak --help`.",
        ""})
final class BenchCommand implements Callable<Integer> {

  /** Name of the reference optimizer in the report. */
  static final String REFERENCE = "framework_adam";

  @Option(names = "--problem", defaultValue = "conv_train", description = "Problem whose step is timed. Default: ${DEFAULT-VALUE}.")
  String problem;

  @Option(names = "--optimizer", split = ",", paramLabel = "NAME[,NAME...]",
      defaultValue = "adam,adam_l2o,rmsprop_l2o,sgd_l2o,momentum_l2o,addsign_l2o,powersign_l2o",
      description = "Optimizers timed after the reference (names of `l2o baseline --list`). Default: ${DEFAULT-VALUE}.")
  List<String> optimizers;

  @Option(names = "--warmup-steps", defaultValue = "30", description = "Untimed steps per optimizer first. Default: ${DEFAULT-VALUE}.")
  int warmupSteps;

  @Option(names = "--steps", defaultValue = "50", description = "Timed steps per optimizer and round. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(names = "--rounds", defaultValue = "7", description = "Interleaved rounds (the median is reported). Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--learned", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also time the drop-in learned optimizer: RNNProp as a TF Java optimizer (PolicyOptimizer, weights as "
          + "constants, no warm-up), reported as `rnnprop`. Default: on; --no-learned turns it off.")
  boolean learned;

  @Option(names = "--package", paramLabel = "DIR",
      description = "Package whose RNNProp weights the learned optimizer uses (the step time does not depend on the "
          + "weight values). Default: freshly initialised weights.")
  Path packageDir;

  @Override
  public Integer call() throws IOException {
    Counts.check("--warmup-steps", warmupSteps, 0, Counts.MAX_STEPS);
    Counts.check("--steps", steps, 1, Counts.MAX_STEPS);
    Counts.check("--rounds", rounds, 1, Counts.MAX_STEPS);
    optimizers.forEach(Baselines::get);
    ImageClassifier p = ProblemSupport.problem(problem);
    ProblemSupport.ensureData(p);
    Map<String, OptimizerFactory> factories = new LinkedHashMap<>();
    // TF Java's own Adam (Keras epsilon 1e-7) is the reference step. Its beta-power update races with the
    // variable update (a known TF Java 1.1.0 defect), which does not matter for timing.
    factories.put(REFERENCE, graph -> new Adam(graph, 0.005f, 0.9f, 0.999f, 1e-7f));
    for (String o : optimizers) {
      factories.put(o, graph -> Baselines.create(o, graph));
    }
    if (learned) {
      UpdateRule policy;
      ConstantWeights weights;
      if (packageDir != null) {
        LearnedOptimizer loaded = L2O.load(packageDir);
        policy = loaded.policy();
        weights = loaded.weights();
      } else {
        policy = PolicyRegistry.defaults().student(PolicyRegistry.RNNPROP, Map.of());
        Map<String, float[]> values = new LinkedHashMap<>();
        Random rng = new Random(1);
        for (WeightSpec spec : policy.weightSpecs()) {
          values.put(spec.name(), spec.initializer().sample(spec.shape(), rng));
        }
        weights = new ConstantWeights(policy.weightSpecs(), values);
      }
      factories.put("rnnprop", graph -> new PolicyOptimizer(graph, "rnnprop", policy, weights, Warmup.NONE));
    }
    System.err.printf("timing %d optimizers on %s: %d warm-up steps, %d rounds of %d steps...%n",
        factories.size(), problem, warmupSteps, rounds, steps);
    List<StepBenchmark.Entry> entries = new StepBenchmark(p, warmupSteps, steps, rounds).run(factories);
    PrintStream out = System.out;
    out.printf("%s, batch %d: milliseconds per training step (median of %d rounds of %d steps)%n",
        problem, p.batchSize(), rounds, steps);
    out.printf("%-18s %10s %10s %10s %8s%n", "optimizer", "ms/step", "min", "max", "ratio");
    for (StepBenchmark.Entry e : entries) {
      out.printf("%-18s %10.3f %10.3f %10.3f %7.2fx%n", e.name(), e.msPerStep(), e.minMs(), e.maxMs(), e.ratio());
    }
    return 0;
  }
}
