package org.l2o.experiment.config;

import org.l2o.core.json.ConfigException;
import org.l2o.strategies.Schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {
  private static final Path DIR = TestPaths.presetsDir();

  /** Every preset of spec §7.2. */
  private static final List<String> SPEC_PRESETS = List.of(
      "sgd", "momentum", "adam", "rmsprop", "powersign", "addsign", "more_choice", "more_shallow",
      "less_choice", "less_choice_sgd", "less_shallow", "conv_train", "conv_cifar", "conv_avg", "debug",
      "log_teachers", "log_losses", "il_adjusted", "il_more", "il_staged", "cl_fixed", "half_depth", "hard",
      "noscale", "reduce_mean", "nowup", "fgsm", "pgd", "cgd", "gaussian", "gaussian_rel",
      "inoise_1e-1", "inoise_1e-2", "inoise_1e-3");

  /** Presets of this project beyond the spec's list. */
  private static final List<String> OWN_PRESETS = List.of("less_choice_equal_lr", "more_choice_equal_lr",
      "gaussian_rel_5e-4", "gaussian_rel_1e-3", "gaussian_rel_2e-3", "gaussian_rel_5e-3", "gaussian_rel_1e-2",
      "cgd_1e-4", "cgd_1e-3", "stronger_baselines");

  /** Presets that only make sense on another base than curriculum + rnnprop (strategy, policy). */
  private static final Map<String, List<String>> BASE_FOR = Map.of(
      "debug", List.of("repeat", "rnnprop"),
      "cl_fixed", List.of("repeat", "less_choice"),
      "hard", List.of("curriculum", "less_choice"),
      "less_choice_equal_lr", List.of("repeat", "less_choice"),
      "more_choice_equal_lr", List.of("repeat", "more_choice"));

  @Test
  void folderHoldsExactlyTheSpecPresetsAndTheProjectsOwn() {
    List<String> expected = new java.util.ArrayList<>(SPEC_PRESETS);
    expected.addAll(OWN_PRESETS);
    assertThat(Presets.names(DIR)).containsExactlyInAnyOrderElementsOf(expected);
    List<Preset> all = Presets.list(DIR);
    assertThat(all).hasSize(expected.size());
    assertThat(all).allSatisfy(p -> {
      assertThat(p.description()).isNotBlank().doesNotContain("\n");
      assertThat(p.overrides()).isNotEmpty();
    });
  }

  @Test
  void everyPresetAppliesCleanlyOntoItsBase() {
    for (String name : java.util.stream.Stream.concat(SPEC_PRESETS.stream(), OWN_PRESETS.stream()).toList()) {
      List<String> base = BASE_FOR.getOrDefault(name, List.of("curriculum", "rnnprop"));
      ObjectNode config = Configs.defaults(base.get(0), base.get(1));
      ObjectNode before = config.deepCopy();
      Preset preset = Presets.load(DIR, name);
      Overrides.applyAll(config, preset.overrides());
      assertThat(config).as(name + " changes the config").isNotEqualTo(before);
    }
  }

  @Test
  void ilMoreSetsTheAnnealingListAndTeacherCounts() {
    ObjectNode c = new ConfigBuilder(DIR).build("curriculum", "rnnprop",
        List.of("conv_train", "adam", "rmsprop", "il_more"), List.of());
    assertThat(c.at("/strategy/annealing_schedule").toString())
        .isEqualTo("{\"type\":\"list\",\"values\":[0.2,0.1,0.05,0.02]}");
    double[] p = new double[5];
    for (int s = 0; s < 5; s++) {
      p[s] = Schedules.floating(c.at("/strategy/annealing_schedule")).applyAsDouble(s);
    }
    assertThat(p).containsExactly(0.2, 0.1, 0.05, 0.02, 0.02);
    assertThat(c.at("/training/step_callbacks").toString()).isEqualTo("[\"WhichTeacherCountCallback\"]");
    assertThat(c.at("/training/stack_stats/2").asText()).isEqualTo("teacher_counts");
    assertThat(c.at("/training/teachers/0/class_name").asText()).isEqualTo("Adam");
    assertThat(c.at("/training/teachers/0/config/learning_rate").doubleValue()).isEqualTo(0.005);
    assertThat(c.at("/training/teachers/1/class_name").asText()).isEqualTo("RMSProp");
    assertThat(c.at("/problems/0/target").asText()).isEqualTo("conv_classifier");
    assertThat(c.at("/problems/0/kwargs/layers").toString()).isEqualTo("[[16,3,1],2,[32,5,1],2]");
  }

  /**
   * The paper's "Stronger Baselines" recipe (Chen et al. 2020a; spec §15): RNNProp on the curriculum with one
   * teacher, Adam exactly as the {@code adam} preset configures it, and the imitation schedule of {@code il_more}.
   */
  @Test
  void strongerBaselinesIsRnnPropImitatingAdamOnTheCurriculum() {
    ObjectNode c = new ConfigBuilder(DIR).build("curriculum", "rnnprop", List.of("conv_train", "stronger_baselines"),
        List.of());
    ObjectNode withAdam = new ConfigBuilder(DIR).build("curriculum", "rnnprop", List.of("conv_train", "adam",
        "il_more"), List.of());
    assertThat(c.at("/training/teachers")).hasSize(1);
    assertThat(c.at("/training/teachers/0")).isEqualTo(withAdam.at("/training/teachers/0"));
    assertThat(c.at("/training/teachers/0/class_name").asText()).isEqualTo("Adam");
    assertThat(c.at("/strategy/annealing_schedule")).isEqualTo(withAdam.at("/strategy/annealing_schedule"));
    assertThat(c.at("/policy_constructor").asText()).isEqualTo("RNNPropOptimizer");
    assertThat(Presets.load(DIR, "stronger_baselines").description()).contains("Stronger Baselines")
        .contains("--strategy=curriculum");
  }

  @Test
  void specificPresetValues() {
    JsonNode clFixed = Presets.load(DIR, "cl_fixed").overrides().get(0).value();
    assertThat(clFixed.get("num_periods").intValue()).isEqualTo(5);
    assertThat(clFixed.get("repeat_threshold").doubleValue()).isEqualTo(0.9);
    assertThat(clFixed.at("/warmup/values").toString()).isEqualTo("[0,1]");
    assertThat(clFixed.at("/warmup_rate/values").toString()).isEqualTo("[0.0,0.05]");
    JsonNode load = Presets.load(DIR, "less_choice").overrides().get(0).value();
    assertThat(load.get("class_name").asText()).isEqualTo("__load__");
    assertThat(load.get("directory").asText()).isEqualTo("results/less_choice/base/1");
    // no checkpoint: the strategy's final accepted one, not the original's hard-coded period_4.0 (spec §7.1)
    assertThat(load.get("checkpoint").isNull()).isTrue();
    assertThat(Presets.load(DIR, "gaussian_rel").overrides().get(0).value().at("/config/noise_stddev")
        .doubleValue()).isEqualTo(0.0005);
    assertThat(Presets.load(DIR, "sgd").overrides().get(0).value().at("/config/learning_rate")
        .doubleValue()).isEqualTo(0.2);
    ConfigOverride staged = Presets.load(DIR, "il_staged").overrides().get(0);
    assertThat(staged.value().get("values").toString()).isEqualTo("[1.0,0.0,0.0,0.0]");
  }

  @Test
  void debugIsRejectedOnCurriculumNamingThePreset() {
    assertThatThrownBy(() -> new ConfigBuilder(DIR).build("curriculum", "rnnprop", List.of("debug"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("preset 'debug'")
        .hasMessageContaining("strategy/validation_unroll");
  }

  @Test
  void clFixedOnRepeatReplacesTheStrategyDict() {
    ObjectNode c = new ConfigBuilder(DIR).build("repeat", "less_choice", List.of("conv_train", "cl_fixed"),
        List.of());
    assertThat(c.at("/strategy/num_periods").intValue()).isEqualTo(5);
    assertThat(c.at("/strategy/validation_depth").intValue()).isEqualTo(10);
    assertThat(Schedules.integer(c.at("/strategy/warmup")).applyAsInt(3)).isEqualTo(1);
    assertThat(Schedules.floating(c.at("/strategy/annealing_schedule")).applyAsDouble(3)).isEqualTo(0.0);
  }

  @Test
  void cliOverridesComeAfterPresets() {
    ObjectNode c = new ConfigBuilder(DIR).build("curriculum", "rnnprop", List.of("conv_train", "gaussian_rel"),
        Overrides.parseArgs(List.of("--policy/perturbation/config/noise_stddev=0.002",
            "--problems/0/kwargs/dataset='fashion_mnist'")));
    assertThat(c.at("/policy/perturbation/config/noise_stddev").doubleValue()).isEqualTo(0.002);
    assertThat(c.at("/policy/perturbation/config/relative").booleanValue()).isTrue();
    assertThat(c.at("/problems/0/kwargs/dataset").asText()).isEqualTo("fashion_mnist");
  }

  @Test
  void unknownPresetListsAvailableOnes() {
    assertThatThrownBy(() -> Presets.load(DIR, "il_moar"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown preset 'il_moar'")
        .hasMessageContaining("il_more")
        .hasMessageContaining("conv_train");
    assertThatThrownBy(() -> Presets.load(DIR, "../pom"))
        .hasMessageContaining("invalid preset name '../pom'");
  }

  @Test
  void splitsPresetLists() {
    assertThat(ConfigBuilder.splitPresetList("conv_train, adam,,rmsprop"))
        .containsExactly("conv_train", "adam", "rmsprop");
    assertThat(ConfigBuilder.splitPresetList("")).isEmpty();
  }

  @Test
  void malformedPresetFilesAreNamed(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("bad.json"), "{\"description\": \"x\", \"overides\": []}");
    assertThatThrownBy(() -> Presets.load(tmp, "bad"))
        .hasMessageContaining("bad.json").hasMessageContaining("unknown key \"overides\"");
    Files.writeString(tmp.resolve("nopath.json"),
        "{\"description\": \"x\", \"overrides\": [{\"value\": 1}]}");
    assertThatThrownBy(() -> Presets.load(tmp, "nopath"))
        .hasMessageContaining("overrides[0]").hasMessageContaining("\"path\"");
    Files.writeString(tmp.resolve("star.json"),
        "{\"description\": \"x\", \"overrides\": [{\"path\": [\"a\", \"*\", \"b\"], \"value\": 1}]}");
    assertThatThrownBy(() -> Presets.load(tmp, "star")).hasMessageContaining("last element");
    Files.writeString(tmp.resolve("syntax.json"), "{\"description\": \"x\",\n \"overrides\": [}");
    assertThatThrownBy(() -> Presets.load(tmp, "syntax"))
        .hasMessageContaining("malformed preset").hasMessageContaining("line 2");
  }

  @Test
  void presetWithNullValueAndAppendRoundTrips(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("p.json"), "{\"description\": \"x\", \"overrides\": ["
        + "{\"path\": [\"policy\", \"perturbation\"], \"value\": null},"
        + "{\"path\": [\"training\", \"step_callbacks\", \"*\"], \"value\": \"TeacherLossCallback\"}]}");
    Preset p = Presets.load(tmp, "p");
    assertThat(p.overrides().get(0).value().isNull()).isTrue();
    assertThat(p.overrides().get(1).append()).isTrue();
    assertThat(p.overrides().get(1).rawPath()).containsExactly("training", "step_callbacks", "*");
  }
}
