package org.l2o.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2o.experiment.ExperimentBuilder;
import org.l2o.policies.choice.ChoicePolicy;

/** The policy defaults less_choice / more_choice / less_choice_sgd build the choice policies of spec §4.4-§4.5. */
class ChoiceDefaultsTest {

  @ParameterizedTest
  @CsvSource({
      "less_choice, 5482, RMSProp:0.005 Adam:0.02",
      "more_choice, 5886, SGD:2.0 Momentum:2.0 RMSProp:0.005 Adam:0.02 PowerSign:1.0 AddSign:1.0",
      "less_choice_sgd, 5482, SGD:0.2 Adam:0.02"})
  void theDefaultsBuildThePoolsWithTheSpecsCurrentRates(String name, long weights, String pool) {
    ObjectNode config = Configs.defaults("repeat", name);
    ChoicePolicy policy = (ChoicePolicy) ExperimentBuilder.policy(config);
    assertThat(policy.weightSpecs().stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(weights);
    assertThat(describe(policy)).isEqualTo(pool);
    assertThat(policy.config().timeScale()).isEqualTo(2000.0);
    assertThat(policy.config().useMetaFeatures()).isTrue();
    assertThat(policy.config().learningRate()).isEqualTo(1.0);
  }

  @ParameterizedTest
  @CsvSource({
      "less_choice, less_choice_equal_lr, RMSProp:0.005 Adam:0.005",
      "more_choice, more_choice_equal_lr, SGD:0.2 Momentum:0.5 RMSProp:0.005 Adam:0.005 PowerSign:0.1 AddSign:0.1"})
  void theEqualRatePresetsRestoreTheOlderPoolRates(String name, String preset, String pool) {
    ObjectNode config = new ConfigBuilder(TestPaths.presetsDir()).build("repeat", name, List.of(preset), List.of());
    assertThat(describe((ChoicePolicy) ExperimentBuilder.policy(config))).isEqualTo(pool);
  }

  private static String describe(ChoicePolicy policy) {
    return String.join(" ", policy.config().pool().stream()
        .map(r -> r.className() + ":" + r.learningRate()).toList());
  }
}
