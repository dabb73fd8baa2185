package org.l2o.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.l2o.core.json.ConfigException;
import org.l2o.experiment.config.Configs;
import org.l2o.core.json.PythonLiteral;
import org.l2o.core.train.PeriodArgs;
import org.junit.jupiter.api.Test;

/** Settings parsing: the defaults and presets of spec §2.1 / §6 / §7.2, and the errors of §17. */
class StrategiesTest {

  private static ObjectNode strategyDict(String kind) {
    return (ObjectNode) Configs.strategy(kind).get("strategy");
  }

  private static Strategy parse(StrategyKind kind, ObjectNode dict) {
    return Strategies.parse(kind, dict);
  }

  @Test
  void repeatDefaults() {
    Strategy s = Strategies.fromConfig(Configs.defaults("repeat", "rnnprop"));
    assertThat(s).isInstanceOf(RepeatStrategy.class);
    RepeatStrategy r = (RepeatStrategy) s;
    assertThat(r.numPeriods()).isEqualTo(20);
    assertThat(r.maxRepeat()).isEqualTo(4);
    assertThat(r.repeatThreshold()).isEqualTo(0.8);
    assertThat(r.validationSeed()).isEqualTo(12345L);
    // depth list [1, 2, 5]: period 0: 1, period 1: 2, later: 5
    assertThat(r.plan(Position.period(0)).training())
        .isEqualTo(new PeriodArgs(100, 1, 10, 0, 0.0, 0.0, false, null));
    assertThat(r.plan(Position.period(1, 3)).training().depth()).isEqualTo(2);
    assertThat(r.plan(Position.period(7)).training().depth()).isEqualTo(5);
    assertThat(r.plan(Position.period(7)).validation())
        .isEqualTo(new PeriodArgs(100, 5, 2, 0, 0.01, 0.0, true, 12345L));
    assertThat(r.plan(Position.period(7, 2)).name()).isEqualTo("period_7.2");
    assertThat(r.evaluationSettings()).isEqualTo(new EvaluationSettings(0, 0.01, 100));
  }

  @Test
  void simpleDefaults() {
    SimpleStrategy s = (SimpleStrategy) Strategies.fromConfig(Configs.defaults("simple", "rnnprop"));
    assertThat(s.numPeriods()).isEqualTo(25);
    assertThat(s.plan(Position.period(3)).training()).isEqualTo(new PeriodArgs(20, 25, 10, 0, 0.01, 0.0, false, null));
    assertThat(s.plan(Position.period(3)).validation()).isEqualTo(new PeriodArgs(20, 25, 2, 0, 0.01, 0.0, true, 12345L));
    assertThat(s.plan(Position.period(3)).name()).isEqualTo("period_3");
    assertThat(s.evaluationSettings()).isEqualTo(new EvaluationSettings(0, 0.01, 20));
  }

  @Test
  void curriculumDefaultsIndexByStageAndValidateWithTheNextStage() {
    CurriculumStrategy c = (CurriculumStrategy) Strategies.fromConfig(Configs.defaults("curriculum", "rnnprop"));
    assertThat(c.numStages()).isEqualTo(4);
    assertThat(c.numPeriods()).isEqualTo(5);
    assertThat(c.numChances()).isEqualTo(5);
    assertThat(c.legacyRepeatCap()).isFalse();
    int[] trainDepth = new int[4];
    int[] validationDepth = new int[4];
    for (int s = 0; s < 4; s++) {
      PeriodPlan plan = c.plan(new Position(s, 3, 1));
      trainDepth[s] = plan.training().depth();
      validationDepth[s] = plan.validation().depth();
      assertThat(plan.training()).isEqualTo(new PeriodArgs(100, trainDepth[s], 10, 1, 0.05, 0.0, false, null));
      // validation_epochs (10) is stored but unused: epochs(s+1) is used, which is also 10 here
      assertThat(plan.validation()).isEqualTo(new PeriodArgs(100, validationDepth[s], 10, 1, 0.05, 0.0, true, 12345L));
      assertThat(plan.name()).isEqualTo("stage_" + s + ".3.1");
    }
    assertThat(trainDepth).containsExactly(1, 2, 5, 10);
    assertThat(validationDepth).containsExactly(2, 5, 10, 20);
    // derived: warmup(4), warmup_rate(4), unroll_len(4)
    assertThat(c.evaluationSettings()).isEqualTo(new EvaluationSettings(1, 0.05, 100));
    assertThat(c.evaluationSettings().warmupSteps()).isEqualTo(100);
  }

  @Test
  void curriculumValidationEpochsIsIgnoredAndDerivedSettingsUseNumStages() {
    ObjectNode d = strategyDict("curriculum");
    d.put("num_stages", 2);
    d.put("validation_epochs", 3);
    d.set("epochs", PythonLiteral.parse("{'type': 'list', 'values': [4, 6, 8]}"));
    d.set("warmup_rate", PythonLiteral.parse("{'type': 'list', 'values': [0.1, 0.2, 0.3, 0.4]}"));
    d.set("unroll_len", PythonLiteral.parse("{'type': 'list', 'values': [10, 20, 30]}"));
    CurriculumStrategy c = (CurriculumStrategy) parse(StrategyKind.CURRICULUM, d);
    assertThat(c.validationEpochs()).isEqualTo(3);
    assertThat(c.plan(new Position(1, 0, 0)).validation().epochs()).isEqualTo(8);
    assertThat(c.plan(new Position(1, 0, 0)).training().epochs()).isEqualTo(6);
    assertThat(c.evaluationSettings()).isEqualTo(new EvaluationSettings(1, 0.3, 30));
  }

  @Test
  void annealingScheduleOfIlMoreIsPerStage() {
    CurriculumStrategy c = (CurriculumStrategy) Strategies.fromConfig(
        Tables.config("curriculum", List.of("il_more")));
    double[] p = new double[4];
    for (int s = 0; s < 4; s++) {
      p[s] = c.plan(new Position(s, 0, 0)).training().pTeacher();
      assertThat(c.plan(new Position(s, 0, 0)).validation().pTeacher()).isZero();
    }
    assertThat(p).containsExactly(0.2, 0.1, 0.05, 0.02);
  }

  @Test
  void clFixedPreset() {
    RepeatStrategy r = (RepeatStrategy) Strategies.fromConfig(Tables.config("repeat", List.of("cl_fixed")));
    assertThat(r.numPeriods()).isEqualTo(5);
    assertThat(r.repeatThreshold()).isEqualTo(0.9);
    assertThat(r.maxRepeat()).isEqualTo(4);
    int[] depth = new int[5];
    int[] warmup = new int[5];
    double[] rate = new double[5];
    for (int p = 0; p < 5; p++) {
      PeriodArgs t = r.plan(Position.period(p)).training();
      depth[p] = t.depth();
      warmup[p] = t.warmup();
      rate[p] = t.warmupRate();
    }
    assertThat(depth).containsExactly(1, 2, 5, 5, 5);
    assertThat(warmup).containsExactly(0, 1, 1, 1, 1);
    assertThat(rate).containsExactly(0.0, 0.05, 0.05, 0.05, 0.05);
    assertThat(r.plan(Position.period(4)).validation()).isEqualTo(new PeriodArgs(100, 10, 1, 1, 0.05, 0.0, true, 12345L));
    assertThat(r.evaluationSettings()).isEqualTo(new EvaluationSettings(1, 0.05, 100));
  }

  @Test
  void debugPresetWithRepeat() {
    RepeatStrategy r = (RepeatStrategy) Strategies.fromConfig(Tables.config("repeat", List.of("debug")));
    assertThat(r.numPeriods()).isEqualTo(5);
    assertThat(r.maxRepeat()).isEqualTo(1);
    assertThat(r.plan(Position.period(3)).training()).isEqualTo(new PeriodArgs(100, 1, 10, 0, 0.0, 0.0, false, null));
    assertThat(r.plan(Position.period(3)).validation()).isEqualTo(new PeriodArgs(100, 2, 1, 0, 0.01, 0.0, true, 12345L));
  }

  @Test
  void simpleRejectsRepeatSettings() {
    for (String key : List.of("max_repeat", "repeat_threshold")) {
      ObjectNode d = strategyDict("simple");
      d.put(key, 1);
      assertThatThrownBy(() -> parse(StrategyKind.SIMPLE, d)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("strategy/" + key).hasMessageContaining("simple strategy");
    }
  }

  @Test
  void curriculumRejectsValidationSettings() {
    for (String key : List.of("validation_unroll", "validation_depth", "validation_warmup",
        "validation_warmup_rate")) {
      ObjectNode d = strategyDict("curriculum");
      d.put(key, 1);
      assertThatThrownBy(() -> parse(StrategyKind.CURRICULUM, d)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("strategy/" + key).hasMessageContaining("curriculum strategy")
          .hasMessageContaining("stage s+1");
    }
  }

  @Test
  void unknownAndMissingKeysAreNamed() {
    ObjectNode d = strategyDict("repeat");
    d.put("num_epochs", 3);
    assertThatThrownBy(() -> parse(StrategyKind.REPEAT, d)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key strategy/num_epochs").hasMessageContaining("RepeatStrategy");
    ObjectNode m = strategyDict("curriculum");
    m.remove("num_chances");
    assertThatThrownBy(() -> parse(StrategyKind.CURRICULUM, m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("strategy/num_chances is missing");
    // legacy_repeat_cap is a curriculum setting only
    ObjectNode r = strategyDict("repeat");
    r.put(Strategies.LEGACY_REPEAT_CAP, true);
    assertThatThrownBy(() -> parse(StrategyKind.REPEAT, r)).hasMessageContaining("unknown key strategy/legacy_repeat_cap");
  }

  @Test
  void optionalKeys() {
    ObjectNode d = strategyDict("curriculum");
    d.remove("name");
    d.remove("validation_problems");
    d.put(Strategies.LEGACY_REPEAT_CAP, true);
    assertThat(((CurriculumStrategy) parse(StrategyKind.CURRICULUM, d)).legacyRepeatCap()).isTrue();
    d.put(Strategies.LEGACY_REPEAT_CAP, 1);
    assertThatThrownBy(() -> parse(StrategyKind.CURRICULUM, d))
        .hasMessageContaining("strategy/legacy_repeat_cap must be true or false");
  }

  @Test
  void validationProblemsMustBeNull() {
    ObjectNode d = strategyDict("repeat");
    d.set("validation_problems", PythonLiteral.parse("[{'target': 'mlp_classifier', 'args': [], 'kwargs': {}}]"));
    assertThatThrownBy(() -> parse(StrategyKind.REPEAT, d)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("strategy/validation_problems is not supported yet");
  }

  @Test
  void valueErrorsNameTheKey() {
    record Case(String kind, String key, String value, String message) {}
    List<Case> cases = List.of(
        new Case("repeat", "depth", "{'type': 'list', 'values': [1, 0, 5]}", "strategy/depth must be >= 1"),
        new Case("repeat", "depth", "2.5", "strategy/depth"),
        new Case("repeat", "annealing_schedule", "0", "strategy/annealing_schedule"),
        new Case("repeat", "warmup", "-1", "strategy/warmup must be >= 0"),
        new Case("repeat", "max_repeat", "-1", "strategy/max_repeat must be >= 0"),
        new Case("repeat", "repeat_threshold", "'high'", "strategy/repeat_threshold must be a number"),
        new Case("repeat", "num_periods", "0", "strategy/num_periods must be >= 1"),
        new Case("repeat", "validation_depth", "0", "strategy/validation_depth must be >= 1"),
        new Case("simple", "validation_unroll", "2.0", "strategy/validation_unroll must be an integer"),
        new Case("curriculum", "num_stages", "0", "strategy/num_stages must be >= 1"),
        new Case("curriculum", "validation_seed", "'x'", "strategy/validation_seed must be an integer"),
        new Case("curriculum", "name", "3", "strategy/name must be a string"),
        // stage num_stages is used by validation and evaluation, so index 4 is checked too
        new Case("curriculum", "depth", "{'type': 'list', 'values': [1, 2, 5, 10, 0]}", "at index 4"));
    for (Case c : cases) {
      ObjectNode d = strategyDict(c.kind());
      d.set(c.key(), PythonLiteral.parse(c.value()));
      assertThatThrownBy(() -> parse(StrategyKind.fromCliName(c.kind()), d)).as(c.toString())
          .isInstanceOf(ConfigException.class).hasMessageContaining(c.message());
    }
  }

  @Test
  void constructorNames() {
    ObjectNode config = Configs.defaults("repeat", "rnnprop");
    config.put("strategy_constructor", "EarlyStoppingStrategy");
    assertThatThrownBy(() -> Strategies.fromConfig(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("strategy_constructor must be one of [SimpleStrategy, RepeatStrategy, "
            + "CurriculumLearningStrategy]");
    for (StrategyKind k : StrategyKind.values()) {
      assertThat(Strategies.fromConfig(Configs.defaults(k.cliName(), "rnnprop")).kind()).isEqualTo(k);
      assertThat(Strategies.requiredKeys(k)).allMatch(key -> Configs.strategy(k.cliName()).get("strategy").has(key));
    }
  }
}
