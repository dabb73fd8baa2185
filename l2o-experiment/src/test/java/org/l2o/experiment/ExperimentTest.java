package org.l2o.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2o.core.json.ConfigException;
import org.l2o.core.train.LossWeighting;
import org.l2o.core.train.PeriodArgs;
import org.l2o.core.train.UnrollOptions;
import org.l2o.experiment.config.Configs;
import org.l2o.experiment.config.Overrides;
import org.l2o.policies.analytical.AdamRule;
import org.l2o.strategies.PeriodPlan;
import org.l2o.strategies.Position;
import org.l2o.strategies.run.StatsSelection;

/**
 * The typed experiment: every config key that reaches the engine changes exactly its engine field, and keys that
 * nobody reads are refused with their path and the accepted keys.
 */
class ExperimentTest {

  private static ObjectNode config() {
    return Configs.defaults("simple", "rnnprop");
  }

  /** The config with one override applied (the CLI's path: --a/b/c=VALUE). */
  private static ObjectNode with(String path, String python) {
    ObjectNode config = config();
    Overrides.apply(config, Overrides.parseArg("--" + path + "=" + python));
    return config;
  }

  /** The names of the components in which two records of the same type differ. */
  private static List<String> differences(Record a, Record b) {
    assertThat(b).isInstanceOf(a.getClass());
    List<String> out = new ArrayList<>();
    for (RecordComponent c : a.getClass().getRecordComponents()) {
      try {
        if (!Objects.equals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
          out.add(c.getName());
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  @Test
  void theDefaultsMapToTheEngineDefaults() {
    Experiment e = Experiment.of(config());
    assertThat(e.training().unroll()).isEqualTo(UnrollOptions.defaults());
    assertThat(e.training().lossWeighting()).isEqualTo(LossWeighting.SUM);
    assertThat(e.training().parameterScaleSpread()).isEqualTo(3.0);
    assertThat(e.training().clipping()).isEqualTo(new ClippingSettings(0.1, 0.001));
    assertThat(e.training().teachers()).isEmpty();
    // BASE gives no epsilon: Keras' 1e-7
    assertThat(e.optimizer()).isEqualTo(new OuterOptimizerSettings(0.001, 0.9, 0.999, 1e-7));
    assertThat(e.stats()).isEqualTo(StatsSelection.DEFAULT);
    assertThat(e.policyConstructor()).isEqualTo("RNNPropOptimizer");
    assertThat(e.problem()).containsEntry("target", "mlp_classifier");
  }

  static Stream<Arguments> unrollKeys() {
    return Stream.of(
        Arguments.of("training/use_log_objective", "False", "useLogObjective"),
        Arguments.of("training/scale_objective", "False", "scaleObjective"),
        Arguments.of("training/loss_reduce", "'reduce_mean'", "reduce"),
        Arguments.of("training/unroll_weight", "'sum'", "unrollWeight"),
        Arguments.of("training/unroll_weight", "'final'", "unrollWeight"),
        Arguments.of("training/epsilon", "1e-8", "epsilon"),
        Arguments.of("training/huber_delta", "0.5", "huberDelta"),
        Arguments.of("training/obj_train_max_multiplier", "2.0", "objTrainMaxMultiplier"),
        Arguments.of("training/do_teacher_parameter_scale", "True", "teacherOracleScaling"),
        Arguments.of("training/second_order", "False", "secondOrder"));
  }

  @ParameterizedTest(name = "{0}={1} -> UnrollOptions.{2}")
  @MethodSource("unrollKeys")
  void eachLossKeyChangesExactlyItsUnrollOption(String path, String value, String field) {
    Experiment base = Experiment.of(config());
    Experiment changed = Experiment.of(with(path, value));
    assertThat(differences(base.training().unroll(), changed.training().unroll())).containsExactly(field);
    assertThat(differences(base.training(), changed.training())).containsExactly("unroll");
    assertThat(changed.optimizer()).isEqualTo(base.optimizer());
  }

  @Test
  void validationTeachersIsOffByDefaultAndChangesOnlyItself() {
    Experiment base = Experiment.of(config());
    Experiment on = Experiment.of(with("training/validation_teachers", "True"));
    assertThat(base.training().validationTeachers()).isFalse();
    assertThat(on.training().validationTeachers()).isTrue();
    assertThat(differences(base.training(), on.training())).containsExactly("validationTeachers");
  }

  @Test
  void segmentLengthDefaultsTo20AndIsAWholeNumberOfSteps() {
    Experiment base = Experiment.of(config());
    Experiment whole = Experiment.of(with("training/segment_length", "0"));
    assertThat(base.training().segmentLength()).isEqualTo(20);
    assertThat(whole.training().segmentLength()).isZero();
    assertThat(differences(base.training(), whole.training())).containsExactly("segmentLength");
    ObjectNode old = config();
    ((ObjectNode) old.get("training")).remove("segment_length");
    assertThat(Experiment.of(old).training().segmentLength()).as("a config written before the key existed: as it ran")
        .isZero();
    for (String bad : new String[] {"-1", "100001"}) {
      assertThatThrownBy(() -> Experiment.of(with("training/segment_length", bad)))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessage("training/segment_length must be a whole number between 0 and 100000, got integer " + bad);
    }
    for (String bad : new String[] {"2.5", "'25'"}) { // refused by the override's type check already
      assertThatThrownBy(() -> Experiment.of(with("training/segment_length", bad)))
          .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("training/segment_length");
    }
  }

  @Test
  void theValuesOfTheLossKeysAreTheEngineValues() {
    UnrollOptions u = Experiment.of(with("training/loss_reduce", "'reduce_mean'")).training().unroll();
    assertThat(u.reduce()).isEqualTo(UnrollOptions.Reduce.MEAN);
    assertThat(Experiment.of(with("training/unroll_weight", "'sum'")).training().unroll().unrollWeight())
        .isEqualTo(UnrollOptions.UnrollWeight.SUM);
    assertThat(Experiment.of(with("training/unroll_weight", "'final'")).training().unroll().unrollWeight())
        .isEqualTo(UnrollOptions.UnrollWeight.FINAL);
    assertThat(Experiment.of(with("training/epsilon", "1e-8")).training().unroll().epsilon()).isEqualTo(1e-8);
    assertThat(Experiment.of(with("training/huber_delta", "0.5")).training().unroll().huberDelta()).isEqualTo(0.5);
    assertThat(Experiment.of(with("training/obj_train_max_multiplier", "2.0")).training().unroll()
        .objTrainMaxMultiplier()).isEqualTo(2.0);
    // the negation: the original scales the teachers' view when the flag is true; BASE's false = oracle scaling
    assertThat(Experiment.of(config()).training().unroll().teacherOracleScaling()).isTrue();
    assertThat(Experiment.of(with("training/do_teacher_parameter_scale", "True")).training().unroll()
        .teacherOracleScaling()).isFalse();
    assertThat(Experiment.of(with("training/second_order", "False")).training().unroll().secondOrder()).isFalse();
    // the original's NaN guard bug is never reproduced from a config
    assertThat(Experiment.of(config()).training().unroll().zeroOnNan()).isFalse();
  }

  static Stream<Arguments> trainingKeys() {
    return Stream.of(
        Arguments.of("training/il_mode", "'switch'", "lossWeighting"),
        Arguments.of("training/parameter_scale_spread", "2.0", "parameterScaleSpread"),
        Arguments.of("training/gradient_clipping/config/clip_ratio", "0.2", "clipping"),
        Arguments.of("training/gradient_clipping/config/epsilon", "0.01", "clipping"),
        Arguments.of("training/teachers/*", "{'class_name': 'Adam', 'config': {'learning_rate': 0.01}}", "teachers"),
        Arguments.of("training/step_callbacks/*", "'WhichTeacherCountCallback'", "stepCallbacks"),
        Arguments.of("training/pbar_values", "['meta_loss']", "progressValues"));
  }

  @ParameterizedTest(name = "{0}={1} -> TrainingSettings.{2}")
  @MethodSource("trainingKeys")
  void eachTrainingKeyChangesExactlyItsSetting(String path, String value, String field) {
    Experiment base = Experiment.of(config());
    Experiment changed = Experiment.of(with(path, value));
    assertThat(differences(base.training(), changed.training())).containsExactly(field);
  }

  @Test
  void theValuesOfTheTrainingKeysAreTheEngineValues() {
    assertThat(Experiment.of(with("training/il_mode", "'switch'")).training().lossWeighting())
        .isEqualTo(LossWeighting.SWITCH);
    assertThat(Experiment.of(with("training/il_mode", "'imitation'")).training().lossWeighting())
        .isEqualTo(LossWeighting.IMITATION);
    assertThat(Experiment.of(with("training/il_mode", "'meta'")).training().lossWeighting())
        .isEqualTo(LossWeighting.META);
    assertThat(Experiment.of(with("training/parameter_scale_spread", "2.0")).training().parameterScaleSpread())
        .isEqualTo(2.0);
    assertThat(Experiment.of(with("training/gradient_clipping/config/clip_ratio", "0.2")).training().clipping())
        .isEqualTo(new ClippingSettings(0.2, 0.001));
    assertThat(Experiment.of(with("training/gradient_clipping/config/epsilon", "0.01")).training().clipping())
        .isEqualTo(new ClippingSettings(0.1, 0.01));
    var teachers = Experiment.of(with("training/teachers/*",
        "{'class_name': 'Adam', 'config': {'learning_rate': 0.01}}")).training().teachers();
    assertThat(teachers).hasSize(1);
    assertThat(teachers.get(0).resolve().rule()).isInstanceOf(AdamRule.class);
    assertThat(teachers.get(0).resolve().weights()).isEmpty();
  }

  static Stream<Arguments> optimizerKeys() {
    return Stream.of(
        Arguments.of("optimizer/config/learning_rate", "0.005", "learningRate", 0.005),
        Arguments.of("optimizer/config/beta_1", "0.8", "beta1", 0.8),
        Arguments.of("optimizer/config/beta_2", "0.99", "beta2", 0.99),
        Arguments.of("optimizer/config/epsilon", "1e-6", "epsilon", 1e-6));
  }

  @ParameterizedTest(name = "{0}={1} -> OuterOptimizerSettings.{2}")
  @MethodSource("optimizerKeys")
  void eachOptimizerKeyChangesExactlyItsSetting(String path, String value, String field, double expected)
      throws Exception {
    Experiment base = Experiment.of(config());
    Experiment changed = Experiment.of(with(path, value));
    assertThat(differences(base.optimizer(), changed.optimizer())).containsExactly(field);
    assertThat(OuterOptimizerSettings.class.getMethod(field).invoke(changed.optimizer())).isEqualTo(expected);
    assertThat(changed.training()).isEqualTo(base.training());
  }

  static Stream<Arguments> strategyKeys() {
    return Stream.of(
        Arguments.of("strategy/unroll_len", "7", "training", "unrollLength", 7),
        Arguments.of("strategy/depth", "3", "training", "depth", 3),
        Arguments.of("strategy/epochs", "4", "training", "epochs", 4),
        Arguments.of("strategy/warmup", "2", "training", "warmup", 2),
        Arguments.of("strategy/warmup_rate", "0.05", "training", "warmupRate", 0.05),
        Arguments.of("strategy/annealing_schedule", "0.3", "training", "pTeacher", 0.3),
        Arguments.of("strategy/validation_unroll", "7", "validation", "unrollLength", 7),
        Arguments.of("strategy/validation_depth", "3", "validation", "depth", 3),
        Arguments.of("strategy/validation_epochs", "4", "validation", "epochs", 4),
        Arguments.of("strategy/validation_warmup", "2", "validation", "warmup", 2),
        Arguments.of("strategy/validation_warmup_rate", "0.05", "validation", "warmupRate", 0.05),
        Arguments.of("strategy/validation_seed", "99", "validation", "seed", 99L));
  }

  @ParameterizedTest(name = "{0}={1} -> {2} PeriodArgs.{3}")
  @MethodSource("strategyKeys")
  void eachPeriodKeyChangesExactlyItsPeriodArgument(String path, String value, String which, String field,
      Object expected) throws Exception {
    PeriodPlan base = Experiment.of(config()).strategy().plan(Position.START);
    PeriodPlan changed = Experiment.of(with(path, value)).strategy().plan(Position.START);
    PeriodArgs baseArgs = which.equals("training") ? base.training() : base.validation();
    PeriodArgs changedArgs = which.equals("training") ? changed.training() : changed.validation();
    PeriodArgs otherBase = which.equals("training") ? base.validation() : base.training();
    PeriodArgs otherChanged = which.equals("training") ? changed.validation() : changed.training();
    assertThat(differences(baseArgs, changedArgs)).containsExactly(field);
    assertThat(PeriodArgs.class.getMethod(field).invoke(changedArgs)).isEqualTo(expected);
    assertThat(otherChanged).isEqualTo(otherBase);
  }

  @Test
  void theStatisticsKeysMapToTheSelection() {
    assertThat(Experiment.of(with("training/mean_stats", "['imitation_loss']")).stats())
        .isEqualTo(new StatsSelection(List.of("imitation_loss"), List.of("meta_loss", "imitation_loss")));
    assertThat(Experiment.of(with("training/stack_stats", "[]")).stats())
        .isEqualTo(new StatsSelection(List.of("meta_loss", "imitation_loss"), List.of()));
  }

  @Test
  void unknownOptimizerAndClippingKeysAreRefusedNamingPathAndAcceptedKeys() {
    assertThatThrownBy(() -> Experiment.of(with("optimizer/config/amsgrad", "True")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("optimizer/config/amsgrad")
        .hasMessageContaining("[learning_rate, beta_1, beta_2, epsilon]");
    assertThatThrownBy(() -> Experiment.of(with("training/gradient_clipping/config/clipnorm", "1.0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("training/gradient_clipping/config/clipnorm")
        .hasMessageContaining("[clip_ratio, epsilon]");
  }

  @Test
  void unknownKeysAnywhereAreRefused() {
    ObjectNode top = config();
    top.put("comment", "x");
    assertThatThrownBy(() -> Experiment.of(top)).hasMessageContaining("unknown key comment")
        .hasMessageContaining("policy_constructor");
    ObjectNode training = config();
    ((ObjectNode) training.get("training")).put("meta_batch", 4);
    assertThatThrownBy(() -> Experiment.of(training)).hasMessageContaining("training/meta_batch")
        .hasMessageContaining("use_log_objective");
    ObjectNode optimizer = config();
    ((ObjectNode) optimizer.get("optimizer")).put("clipvalue", 1.0);
    assertThatThrownBy(() -> Experiment.of(optimizer)).hasMessageContaining("optimizer/clipvalue")
        .hasMessageContaining("[class_name, config]");
    ObjectNode clipping = config();
    ((ObjectNode) clipping.at("/training/gradient_clipping")).put("scale", 1.0);
    assertThatThrownBy(() -> Experiment.of(clipping)).hasMessageContaining("training/gradient_clipping/scale");
  }

  @Test
  void malformedOrUnsupportedValuesNameTheirPath() {
    assertThatThrownBy(() -> Experiment.of(with("training/loss_reduce", "'reduce_min'")))
        .hasMessageContaining("training/loss_reduce").hasMessageContaining("reduce_min");
    assertThatThrownBy(() -> Experiment.of(with("training/il_mode", "'both'")))
        .hasMessageContaining("training/il_mode");
    assertThatThrownBy(() -> Experiment.of(with("optimizer/class_name", "'SGD'")))
        .hasMessageContaining("optimizer/class_name").hasMessageContaining("only Adam");
    assertThatThrownBy(() -> Experiment.of(with("training/gradient_clipping/class_name", "'GlobalNorm'")))
        .hasMessageContaining("training/gradient_clipping/class_name");
    assertThatThrownBy(() -> Experiment.of(with("training/step_callbacks/*", "'TeacherLossCallback'")))
        .hasMessageContaining("training/step_callbacks").hasMessageContaining("TeacherLossCallback");
    assertThatThrownBy(() -> Experiment.of(with("training/teachers/*", "{'class_name': 'Adam', "
        + "'config': {'amsgrad': True}}"))).hasMessageContaining("training/teachers/0").hasMessageContaining("amsgrad");
    assertThatThrownBy(() -> Experiment.of(with("training/teachers/*", "{'class_name': '__load__', 'config': {}}")))
        .hasMessageContaining("training/teachers/0").hasMessageContaining("__load__");
    ObjectNode wrongKind = config();
    ((ObjectNode) wrongKind.get("training")).put("scale_objective", "yes");
    assertThatThrownBy(() -> Experiment.of(wrongKind)).hasMessageContaining("training/scale_objective must be true "
        + "or false");
    ObjectNode missing = config();
    ((ObjectNode) missing.get("training")).remove("epsilon");
    assertThatThrownBy(() -> Experiment.of(missing)).hasMessageContaining("training/epsilon is missing");
    ObjectNode twoProblems = config();
    JsonNode problem = twoProblems.get("problems").get(0);
    ((com.fasterxml.jackson.databind.node.ArrayNode) twoProblems.get("problems")).add(problem.deepCopy());
    assertThat(Experiment.of(twoProblems).problems()).hasSize(2); // a list, as the original (spec §5.1)
    ObjectNode noProblem = config();
    ((com.fasterxml.jackson.databind.node.ArrayNode) noProblem.get("problems")).removeAll();
    assertThatThrownBy(() -> Experiment.of(noProblem)).hasMessageContaining("problems: expected 1 to 100");
    ObjectNode notADict = config();
    ((com.fasterxml.jackson.databind.node.ArrayNode) notADict.get("problems")).add(3);
    assertThatThrownBy(() -> Experiment.of(notADict)).hasMessageContaining("problems/1 must be a dict");
  }

  @Test
  void checkAlsoBuildsProblemAndPolicyWithoutData() {
    assertThat(ExperimentBuilder.check(config()).strategy().kind().constructorName()).isEqualTo("SimpleStrategy");
    assertThatThrownBy(() -> ExperimentBuilder.check(with("problems/0/kwargs/dataset", "'svhn'")))
        .hasMessageContaining("problems/0").hasMessageContaining("dataset");
    ObjectNode adam = Configs.defaults("simple", "adam");
    assertThatThrownBy(() -> ExperimentBuilder.check(adam)).hasMessageContaining("policy_constructor");
  }
}
