package org.l2o.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.core.policy.UpdateRule;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.strategies.EvaluationSettings;
import org.l2o.strategies.History;
import org.l2o.strategies.Position;
import org.l2o.strategies.Strategy;

/**
 * A checkpoint of a meta-training experiment resolved for evaluation or packaging: the strategy's default
 * checkpoint (spec §6) or the one selected by stage / period, the policy with its weights as constants, and the
 * evaluation warm-up of the strategy (validation_warmup x validation_unroll steps at validation_warmup_rate).
 *
 * @param directory the experiment directory
 * @param config    its config.json
 * @param name      the checkpoint name, e.g. {@code stage_3.4.1}
 * @param policy    the student policy
 * @param weights   its weights at that checkpoint
 * @param warmup    the evaluation warm-up
 */
record TrainedCheckpoint(Path directory, ObjectNode config, String name, UpdateRule policy, ConstantWeights weights,
    Warmup warmup) {

  /** Name under which a package (l2o package, l2o import-original) is evaluated. */
  static final String PACKAGE_NAME = "package";

  /**
   * Resolves the checkpoints to evaluate: for a package folder ({@code weights.index}, no summary.csv) its
   * weights with its own warm-up; for an experiment the default checkpoint, or one per requested stage/period.
   */
  static List<TrainedCheckpoint> resolve(Path directory, List<Integer> stages, List<Integer> periods) throws IOException {
    if (Files.exists(directory.resolve(L2O.WEIGHTS + ".index")) && !Files.exists(directory.resolve("summary.csv"))) {
      if (!stages.isEmpty() || !periods.isEmpty()) {
        throw new IllegalArgumentException(directory + " is a package: --stages/--periods do not apply");
      }
      LearnedOptimizer loaded = L2O.load(directory);
      return List.of(new TrainedCheckpoint(directory, loaded.config(), PACKAGE_NAME, loaded.policy(), loaded.weights(),
          loaded.settings().warmup()));
    }
    if (!Files.isRegularFile(directory.resolve(ExperimentConfig.FILE_NAME))) {
      throw new IllegalArgumentException(directory + (Files.isDirectory(directory) ? "" : " does not exist, so it")
          + " is neither an experiment directory (no " + ExperimentConfig.FILE_NAME + ") nor a package (no "
          + L2O.WEIGHTS + ".index)");
    }
    ObjectNode config = ExperimentConfig.load(directory);
    Experiment experiment = Experiment.of(config);
    Strategy strategy = experiment.strategy();
    Path summary = directory.resolve("summary.csv");
    if (!Files.isRegularFile(summary)) {
      throw new IllegalStateException(directory + " has no summary.csv: no period of it has finished yet, so it has "
          + "no trained checkpoint (train it with l2o train, or continue it with l2o resume)");
    }
    History history = History.read(summary, strategy.kind());
    List<Position> positions = new ArrayList<>();
    if (stages.isEmpty() && periods.isEmpty()) {
      positions.add(strategy.defaultCheckpoint(history).orElseThrow(() -> new IllegalStateException(
          directory + ": no completed period in summary.csv, nothing to evaluate")));
    } else {
      int n = Math.max(stages.size(), periods.size());
      for (int i = 0; i < n; i++) {
        OptionalInt stage = i < stages.size() ? OptionalInt.of(stages.get(i)) : OptionalInt.empty();
        OptionalInt period = i < periods.size() ? OptionalInt.of(periods.get(i)) : OptionalInt.empty();
        positions.add(strategy.select(history, stage, period).orElseThrow(() -> new IllegalArgumentException(
            directory + ": no completed checkpoint for " + selection(stage, period) + " in summary.csv")));
      }
    }
    UpdateRule policy = ExperimentBuilder.policy(experiment);
    EvaluationSettings settings = strategy.evaluationSettings();
    Warmup warmup = new Warmup(settings.warmupSteps(), (float) settings.warmupRate());
    List<TrainedCheckpoint> out = new ArrayList<>();
    for (Position p : positions) {
      String name = strategy.checkpointName(p);
      Map<String, float[]> weights = PolicyCheckpoint.readWeights(directory.resolve("checkpoint").resolve(name),
          policy.weightSpecs());
      out.add(new TrainedCheckpoint(directory, config, name, policy, new ConstantWeights(policy.weightSpecs(), weights),
          warmup));
    }
    return out;
  }

  /** "stage 1 period 3", "period 3", "stage 1" of a selection. */
  private static String selection(OptionalInt stage, OptionalInt period) {
    String s = stage.isPresent() ? "stage " + stage.getAsInt() : "";
    String p = period.isPresent() ? "period " + period.getAsInt() : "";
    return (s + " " + p).trim();
  }
}
