package org.l2o.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.experiment.config.ConfigBuilder;
import org.l2o.experiment.config.ConfigOverride;
import org.l2o.experiment.config.Overrides;
import org.l2o.perturbations.Perturbations;

/** The perturbation of {@code l2o bench meta --perturbation=PRESET}: the preset's {@code policy/perturbation}. */
final class BenchPerturbation {
  private BenchPerturbation() {}

  /**
   * @param preset a preset name, or null for none
   * @param steps  the attack steps to set ({@code policy/perturbation/config/steps}), or null for the preset's
   * @throws IllegalArgumentException without a preset that sets a perturbation; ConfigException for an unknown
   *     preset or a refused setting, naming it
   */
  static Perturbation of(String preset, Integer steps) {
    if (preset == null) {
      if (steps != null) {
        throw new IllegalArgumentException("--perturbation-steps needs --perturbation");
      }
      return Perturbation.NONE;
    }
    List<ConfigOverride> overrides = new ArrayList<>();
    if (steps != null) {
      overrides.add(Overrides.parseArg("--policy/perturbation/config/steps=" + steps));
    }
    var config = new ConfigBuilder(Presets.directory()).build("simple", "rnnprop", List.of(preset), overrides);
    if (config.at("/policy/perturbation").isNull()) {
      throw new IllegalArgumentException("--perturbation: preset '" + preset + "' sets no policy/perturbation;"
          + " perturbation presets: gaussian, gaussian_rel, fgsm, pgd, cgd and their magnitudes (see `l2o presets`)");
    }
    return Perturbations.fromConfig(new ObjectMapper().convertValue(config.at("/policy/perturbation"), Object.class));
  }
}
