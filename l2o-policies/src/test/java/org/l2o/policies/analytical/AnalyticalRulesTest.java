package org.l2o.policies.analytical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.tensorflow.ndarray.Shape;

/** Config parsing of the analytical rules and the step-1 identities of the spec. */
class AnalyticalRulesTest {

  @Test
  void defaultsAreTheClassDefaultsOfTheSpec() {
    AdamRule adam = (AdamRule) AnalyticalRules.fromSpec("Adam", Map.of());
    assertThat(List.of(adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon()))
        .containsExactly(0.001, 0.9, 0.999, 1e-7);
    RmsPropRule rms = (RmsPropRule) AnalyticalRules.fromSpec("RMSProp", null);
    assertThat(List.of(rms.learningRate(), rms.rho(), rms.epsilon())).containsExactly(0.001, 0.9, 1e-7);
    assertThat(AnalyticalRules.fromSpec("SGD", Map.of()).learningRate()).isEqualTo(0.01);
    MomentumRule mom = (MomentumRule) AnalyticalRules.fromSpec("Momentum", Map.of());
    assertThat(List.of(mom.learningRate(), mom.beta1())).containsExactly(0.001, 0.9);
    for (String sign : List.of("PowerSign", "AddSign")) {
      SignRule rule = (SignRule) AnalyticalRules.fromSpec(sign, Map.of());
      assertThat(List.of(rule.learningRate(), rule.beta1(), rule.beta2(), rule.epsilon(), rule.temperature()))
          .containsExactly(0.001, 0.9, 0.999, 1e-7, 1.0);
    }
  }

  @Test
  void wholeTeacherSpecAndJsonNumberTypes() {
    Map<String, Object> config = new HashMap<>();
    config.put("learning_rate", 2);          // Integer
    config.put("beta_1", 0.9);               // Double
    config.put("name", "pool_momentum");
    MomentumRule rule = (MomentumRule) AnalyticalRules.fromSpec(Map.of("class_name", "Momentum", "config", config));
    assertThat(rule.learningRate()).isEqualTo(2.0);
    assertThat(rule.name()).isEqualTo("pool_momentum");
    assertThat(rule.className()).isEqualTo("Momentum");
    assertThat(rule.config()).containsEntry("learning_rate", 2.0).containsEntry("beta_1", 0.9);
    assertThat(AnalyticalRules.fromSpec("SGD", Map.of("learning_rate", 5L)).learningRate()).isEqualTo(5.0);
    assertThat(AnalyticalRules.fromSpec("Adam", Map.of()).name()).isEqualTo("adam");
  }

  @Test
  void unknownKeysAreRejectedNamingKeyAndClass() {
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", 0.1, "rho", 0.9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'rho'").hasMessageContaining("'Adam'");
    // temperature belongs to PowerSign/AddSign only
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("RMSProp", Map.of("temperature", 1.0)))
        .hasMessageContaining("'temperature'").hasMessageContaining("'RMSProp'");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("SGD", Map.of("momentum", 0.9)))
        .hasMessageContaining("'momentum'").hasMessageContaining("'SGD'");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec(Map.of("class_name", "SGD", "directory", "x")))
        .hasMessageContaining("'directory'");
  }

  @Test
  void trainableTrueIsNotSupportedYet() {
    assertThat(AnalyticalRules.fromSpec("Adam", Map.of("trainable", false)).learningRate()).isEqualTo(0.001);
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("Adam", Map.of("trainable", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainable").hasMessageContaining("not supported");
  }

  @Test
  void badValuesAndClassesAreRejected() {
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", "fast")))
        .hasMessageContaining("'learning_rate'").hasMessageContaining("number");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("Adam", Map.of("beta_1", 1.0)))
        .hasMessageContaining("'beta_1'").hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("RMSProp", Map.of("epsilon", -1e-7)))
        .hasMessageContaining("'epsilon'");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("SGD", Map.of("learning_rate", Double.NaN)))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("Adamax", Map.of()))
        .hasMessageContaining("'Adamax'").hasMessageContaining("RMSProp");
    assertThatThrownBy(() -> AnalyticalRules.fromSpec("Adam", Map.of("trainable", "yes")))
        .hasMessageContaining("boolean");
  }

  @Test
  void stateLayouts() {
    Shape shape = Shape.of(3, 5);
    assertThat(names(AnalyticalRules.fromSpec("Adam", null).stateSpecs(shape))).containsExactly("m", "v");
    assertThat(names(AnalyticalRules.fromSpec("RMSProp", null).stateSpecs(shape))).containsExactly("ms");
    assertThat(AnalyticalRules.fromSpec("SGD", null).stateSpecs(shape)).isEmpty();
    assertThat(names(AnalyticalRules.fromSpec("Momentum", null).stateSpecs(shape))).containsExactly("m");
    assertThat(names(AnalyticalRules.fromSpec("PowerSign", null).stateSpecs(shape))).containsExactly("m", "v");
    assertThat(names(AnalyticalRules.fromSpec("AddSign", null).stateSpecs(Shape.scalar()))).containsExactly("m", "v");
  }

  /** Spec §4.4: Adam's step 1 is lr*g/sqrt(g^2 + eps), i.e. lr*sign(g) for |g| >> sqrt(eps). */
  @Test
  void adamStepOneIsLearningRateTimesSign() {
    double lr = 0.005;
    double eps = 1e-10;
    UpdateRule rule = AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", lr, "epsilon", eps));
    double[] g = {0.3, -2.0, 1e-2, -50.0, 7e-4, 1e3, -0.6, 4.0};
    double[] d = AnalyticalRulesGoldenTest.unroll(rule, Shape.of(8), new double[][] {g})[0];
    for (int i = 0; i < g.length; i++) {
      assertThat(d[i]).isCloseTo(lr * g[i] / Math.sqrt(g[i] * g[i] + eps), within(1e-6 * lr));
      if (Math.abs(g[i]) >= 1e-2) { // eps / g^2 <= 1e-6
        assertThat(d[i]).isCloseTo(lr * Math.signum(g[i]), within(1e-6 * lr));
      }
    }
  }

  /** Spec §4.4: RMSProp's step 1 is lr*g/sqrt(0.1 g^2 + eps), about 3.16 lr sign(g). */
  @Test
  void rmsPropStepOneHasNoBiasCorrection() {
    double lr = 0.005;
    double eps = 1e-7;
    UpdateRule rule = AnalyticalRules.fromSpec("RMSProp", Map.of("learning_rate", lr, "rho", 0.9, "epsilon", eps));
    double[] g = {0.3, -2.0, 1e-2, -50.0, 1e-4, 1e3, -0.6, 4.0};
    double[] d = AnalyticalRulesGoldenTest.unroll(rule, Shape.of(8), new double[][] {g})[0];
    for (int i = 0; i < g.length; i++) {
      assertThat(d[i]).isCloseTo(lr * g[i] / Math.sqrt(0.1 * g[i] * g[i] + eps), within(1e-6 * Math.abs(d[i])));
      if (Math.abs(g[i]) >= 0.3) {
        assertThat(d[i]).isCloseTo(Math.sqrt(10) * lr * Math.signum(g[i]), within(1e-4 * lr));
      }
    }
  }

  private static List<String> names(List<StateSpec> specs) {
    return specs.stream().map(StateSpec::name).toList();
  }
}
