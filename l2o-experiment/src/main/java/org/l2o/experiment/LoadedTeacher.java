package org.l2o.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.json.ConfigException;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.HostTensor;
import org.l2o.core.train.TeacherSpec;
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.strategies.History;
import org.l2o.strategies.Position;
import org.l2o.strategies.Strategies;
import org.l2o.strategies.Strategy;

/**
 * Loads the policy of a meta-training experiment as a frozen teacher (the original's {@code __load__}, spec §2.3,
 * §7.1): its {@code config.json} gives the policy through the registry, and the weights come from
 * {@code checkpoint/<C>} or, without C, from the strategy's final accepted checkpoint (its default checkpoint, spec
 * §6; the original hard-codes {@code period_4.0}, which holds the first attempt of a repeated period). The engine
 * runs teachers with training=false and, by default, oracle-scaled gradients.
 */
final class LoadedTeacher {
  private LoadedTeacher() {}

  /** The teacher of {@code source}; every refusal names the config path and the file or directory. */
  static TeacherSpec load(TeacherSource.Loaded source) {
    Path dir = source.directory();
    String at = source.path() + ": __load__ teacher " + dir;
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(at + ": no such experiment directory (train it first, or point the teacher's"
          + " 'directory' at it)");
    }
    if (!Files.isRegularFile(dir.resolve(ExperimentConfig.FILE_NAME))) {
      throw new ConfigException(at + ": no " + ExperimentConfig.FILE_NAME + " in it: not an experiment directory");
    }
    ObjectNode config;
    UpdateRule rule;
    Strategy strategy;
    try {
      config = ExperimentConfig.load(dir);
      rule = ExperimentBuilder.policy(config);
      strategy = Strategies.fromConfig(config);
    } catch (RuntimeException e) {
      throw new ConfigException(at + ": its " + ExperimentConfig.FILE_NAME + " does not describe a trained policy: "
          + e.getMessage(), e);
    }
    String name = source.checkpoint().orElseGet(() -> finalCheckpoint(at, dir, strategy));
    Path prefix = dir.resolve("checkpoint").resolve(name);
    if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
      throw new ConfigException(at + ": no checkpoint " + prefix + ".index");
    }
    Map<String, float[]> values;
    try {
      values = PolicyCheckpoint.readWeights(prefix, rule.weightSpecs());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(at + ": checkpoint " + prefix + " does not hold the weights of its policy "
          + config.path("policy_constructor").asText() + ": " + e.getMessage(), e);
    }
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    for (WeightSpec spec : rule.weightSpecs()) {
      weights.put(spec.name(), HostTensor.of(spec.shape(), values.get(spec.name())));
    }
    return new TeacherSpec(rule, weights);
  }

  private static String finalCheckpoint(String at, Path dir, Strategy strategy) {
    Path summary = dir.resolve("summary.csv");
    if (!Files.isRegularFile(summary)) {
      throw new ConfigException(at + ": no summary.csv, so no trained checkpoint (or name one with 'checkpoint')");
    }
    Optional<Position> position;
    try {
      position = strategy.defaultCheckpoint(History.read(summary, strategy.kind()));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(at + ": cannot read " + summary + ": " + e.getMessage(), e);
    }
    return strategy.checkpointName(position.orElseThrow(() -> new ConfigException(at + ": " + summary
        + " has no completed period, so no trained checkpoint")));
  }
}
