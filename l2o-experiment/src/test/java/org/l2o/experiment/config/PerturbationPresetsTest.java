package org.l2o.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.core.json.ConfigException;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.experiment.Experiment;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.perturbations.AdaptivePgd;
import org.l2o.perturbations.Fgsm;
import org.l2o.perturbations.GaussianNoise;
import org.l2o.perturbations.Pgd;

/**
 * The perturbation presets (spec §7.2 and the paper's magnitudes) read by the experiment builder, with the original's
 * override syntax, and the refusal of a perturbation on a student that is not perturbable.
 */
class PerturbationPresetsTest {
  private static final Path DIR = TestPaths.presetsDir();

  private static Perturbation build(String policy, List<String> presets, String... overrides) {
    Experiment e = ExperimentBuilder.check(new ConfigBuilder(DIR).build("simple", policy, presets,
        Overrides.parseArgs(List.of(overrides))));
    return ExperimentBuilder.perturbation(e);
  }

  @Test
  void theSpecsPresetsBuildTheirPerturbations() {
    assertThat(build("rnnprop", List.of("conv_train"))).isSameAs(Perturbation.NONE);
    GaussianNoise gaussian = (GaussianNoise) build("rnnprop", List.of("conv_train", "gaussian"));
    assertThat(gaussian.sigma()).isEqualTo(0.001);
    assertThat(gaussian.relative()).isFalse();
    GaussianNoise relative = (GaussianNoise) build("rnnprop", List.of("conv_train", "gaussian_rel"));
    assertThat(relative.sigma()).isEqualTo(0.0005);
    assertThat(relative.relative()).isTrue();
    assertThat(build("rnnprop", List.of("fgsm"))).isInstanceOf(Fgsm.class).hasToString("FGSMPerturbation{step_size=0.001}");
    assertThat(build("rnnprop", List.of("cgd"))).isInstanceOf(AdaptivePgd.class)
        .hasToString("CGDPerturbation{steps=1, magnitude=0.001}");
    // the original's pgd preset cannot be built there (NameError); here it is the intended projected ascent
    assertThat(build("rnnprop", List.of("pgd"))).isInstanceOf(Pgd.class)
        .hasToString("PGDPerturbation{steps=1, magnitude=1.0E-4, norm=inf, learning_rate=0.1}");
  }

  @Test
  void thePapersMagnitudesHaveTheirPresets() {
    for (String m : List.of("5e-4", "1e-3", "2e-3", "5e-3", "1e-2")) {
      GaussianNoise g = (GaussianNoise) build("rnnprop", List.of("gaussian_rel_" + m));
      assertThat(g.sigma()).isEqualTo(Double.parseDouble(m));
      assertThat(g.relative()).isTrue();
    }
    for (String m : List.of("1e-4", "1e-3")) {
      assertThat(build("rnnprop", List.of("cgd_" + m)))
          .hasToString("CGDPerturbation{steps=1, magnitude=" + Double.parseDouble(m) + "}");
    }
  }

  @Test
  void overridesChangeTheConfigOfAPreset() {
    assertThat(build("rnnprop", List.of("pgd"), "--policy/perturbation/config/steps=3",
        "--policy/perturbation/config/norm='l2'"))
        .hasToString("PGDPerturbation{steps=3, magnitude=1.0E-4, norm=l2, learning_rate=0.1}");
    assertThat(build("rnnprop", List.of("cgd"), "--policy/perturbation/config/magnitude=0.01",
        "--policy/perturbation/config/normalize=True"))
        .hasToString("CGDPerturbation{steps=1, magnitude=0.01, normalize=true}");
    assertThat(build("rnnprop", List.of("cgd"), "--policy/perturbation")).isSameAs(Perturbation.NONE);
    assertThat(build("rnnprop", List.of(),
        "--policy/perturbation={'class_name': 'PersistentRandomPerturbation', 'config': {'noise_stddev': 0.01}}"))
        .hasToString("PersistentRandomPerturbation{noise_stddev=0.01}");
    assertThatThrownBy(() -> build("rnnprop", List.of("fgsm"), "--policy/perturbation/config/stepsize=0.1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("policy/perturbation/config/stepsize")
        .hasMessageContaining("step_size");
  }

  @Test
  void onlyRnnPropIsPerturbable() {
    // the choice policies' config has no perturbation key: the preset cannot apply
    assertThatThrownBy(() -> build("less_choice", List.of("gaussian_rel")))
        .hasMessageContaining("preset 'gaussian_rel'").hasMessageContaining("policy/perturbation")
        .hasMessageContaining("not perturbable");
    assertThatThrownBy(() -> build("more_choice", List.of(), "--policy/perturbation/config/magnitude=0.1"))
        .hasMessageContaining("policy/perturbation").hasMessageContaining("not perturbable");
    // a config.json written by hand that gives the choice policy a perturbation is refused by the builder
    ObjectNode config = new ConfigBuilder(DIR).build("simple", "less_choice", List.of(), List.of());
    ((ObjectNode) config.get("policy")).set("perturbation",
        new ConfigBuilder(DIR).build("simple", "rnnprop", List.of("cgd"), List.of()).at("/policy/perturbation"));
    assertThatThrownBy(() -> ExperimentBuilder.check(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("policy/perturbation").hasMessageContaining("AbstractChoiceOptimizer")
        .hasMessageContaining("not perturbable").hasMessageContaining("RNNPropOptimizer");
    // BasePerturbation is no perturbation
    assertThat(build("rnnprop", List.of(), "--policy/perturbation={'class_name': 'BasePerturbation'}"))
        .isSameAs(Perturbation.NONE);
  }
}
