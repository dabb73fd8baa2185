package org.l2o.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.json.ConfigException;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.OuterAdam;
import org.l2o.core.train.TeacherSpec;
import org.l2o.experiment.config.Configs;
import org.l2o.experiment.config.ExperimentConfig;
import org.l2o.experiment.config.Overrides;
import org.l2o.policies.choice.ChoicePolicy;

/**
 * {@code __load__} teachers (spec §2.3): the policy of an experiment directory with the weights of a named
 * checkpoint, read through the registry; a missing or incompatible directory is refused naming the path. (The
 * default checkpoint from summary.csv is exercised end to end in the CLI's choice recipe test.)
 */
class LoadedTeacherTest {

  /** An experiment directory of a less_choice policy with one checkpoint of seeded weights. */
  private static Map<String, float[]> experiment(Path dir, String policy, String checkpoint) throws Exception {
    ObjectNode config = Configs.defaults("repeat", policy);
    ExperimentConfig.createOrCheck(dir, config);
    UpdateRule rule = ExperimentBuilder.policy(config);
    Random rng = new Random(3);
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (WeightSpec s : rule.weightSpecs()) {
      weights.put(s.name(), s.initializer().sample(s.shape(), rng));
    }
    Files.createDirectories(dir.resolve("checkpoint"));
    PolicyCheckpoint.write(dir.resolve("checkpoint").resolve(checkpoint), rule.weightSpecs(), weights,
        OuterAdam.withLearningRate(1e-3));
    return weights;
  }

  private static ObjectNode student(String teacher) {
    ObjectNode config = Configs.defaults("curriculum", "rnnprop");
    Overrides.apply(config, Overrides.parseArg("--training/teachers/*=" + teacher));
    return config;
  }

  @Test
  void aNamedCheckpointLoadsThePolicyAndItsWeights(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("less_choice");
    Map<String, float[]> weights = experiment(dir, "less_choice", "period_4.0");
    Experiment e = ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '" + dir
        + "', 'checkpoint': 'period_4.0'}"));
    TeacherSource source = e.training().teachers().get(0);
    assertThat(source).isEqualTo(new TeacherSource.Loaded("training/teachers/0", dir, Optional.of("period_4.0")));
    TeacherSpec teacher = source.resolve();
    assertThat(teacher.rule()).isInstanceOf(ChoicePolicy.class);
    assertThat(((ChoicePolicy) teacher.rule()).poolSize()).isEqualTo(2);
    assertThat(teacher.weights().keySet()).isEqualTo(weights.keySet());
    weights.forEach((name, v) -> assertThat(teacher.weights().get(name).floats()).as(name).containsExactly(v));
  }

  @Test
  void missingOrIncompatibleDirectoriesAreRefusedNamingThePath(@TempDir Path tmp) throws Exception {
    Path missing = tmp.resolve("nothing");
    assertThatThrownBy(() -> ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '" + missing
        + "'}"))).isInstanceOf(ConfigException.class).hasMessageContaining("training/teachers/0")
        .hasMessageContaining(missing.toString()).hasMessageContaining("no such experiment directory");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '" + empty
        + "'}"))).hasMessageContaining(empty.toString()).hasMessageContaining("no config.json");

    Path dir = tmp.resolve("choice");
    experiment(dir, "less_choice", "period_0.0");
    assertThatThrownBy(() -> ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '" + dir
        + "'}"))).hasMessageContaining(dir.toString()).hasMessageContaining("no summary.csv");
    assertThatThrownBy(() -> ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '" + dir
        + "', 'checkpoint': 'period_4.0'}"))).hasMessageContaining("no checkpoint")
        .hasMessageContaining(dir.resolve("checkpoint").resolve("period_4.0") + ".index");

    // An rnnprop checkpoint under a choice config: the weights do not fit the policy.
    Path other = tmp.resolve("other");
    experiment(other, "rnnprop", "period_0.0");
    Files.delete(other.resolve("config.json"));
    ExperimentConfig.createOrCheck(other, Configs.defaults("repeat", "more_choice"));
    assertThatThrownBy(() -> ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '" + other
        + "', 'checkpoint': 'period_0.0'}"))).hasMessageContaining(other.toString())
        .hasMessageContaining("does not hold the weights of its policy AbstractChoiceOptimizer");

    // An analytical policy's experiment has no trained policy to load.
    Path analytical = Files.createDirectories(tmp.resolve("adam"));
    ExperimentConfig.createOrCheck(analytical, Configs.defaults("repeat", "adam"));
    assertThatThrownBy(() -> ExperimentBuilder.check(student("{'class_name': '__load__', 'directory': '"
        + analytical + "'}"))).hasMessageContaining(analytical.toString()).hasMessageContaining("not a trainable");

    assertThatThrownBy(() -> Experiment.of(student("{'class_name': '__load__', 'config': {}}")))
        .hasMessageContaining("training/teachers/0").hasMessageContaining("unknown key 'config'");
    assertThatThrownBy(() -> Experiment.of(student("{'class_name': '__load__'}")))
        .hasMessageContaining("training/teachers/0/directory");
  }

  @Test
  void readingTheConfigDoesNotNeedTheTeachersFiles() {
    // evaluate and package read a student's config without its teachers: only check and the learner load them
    Experiment e = Experiment.of(student("{'class_name': '__load__', 'directory': 'results/nowhere/1'}"));
    assertThat(e.training().teachers()).hasSize(1);
  }
}
