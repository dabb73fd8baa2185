package org.l2o.policies.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.UpdateRule;
import org.l2o.policies.analytical.AddSignRule;
import org.l2o.policies.analytical.AdamRule;
import org.l2o.policies.analytical.MomentumRule;
import org.l2o.policies.analytical.PowerSignRule;
import org.l2o.policies.analytical.RmsPropRule;
import org.l2o.policies.analytical.SgdRule;
import org.l2o.policies.analytical.SignRule;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The baseline registry: names, hyper-parameters of spec §4.4/§9.5/§7.2, and that each one trains. */
class BaselinesTest {

  @Test
  void namesOfTheOriginalThenThePoolRules() {
    assertThat(Baselines.names()).containsExactly(
        "adam", "rmsprop", "sgd", "momentum", "momentum_custom", "addsign", "powersign",
        "adam_deep", "rmsprop_deep", "sgd_deep", "momentum_deep", "addsign_deep", "powersign_deep",
        "adam_l2o", "rmsprop_l2o", "sgd_l2o", "momentum_l2o", "powersign_l2o", "addsign_l2o");
    Baselines.list().forEach(b -> assertThat(b.description()).isNotBlank());
    assertThatThrownBy(() -> Baselines.create("nadam", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nadam").hasMessageContaining("powersign_deep");
  }

  @Test
  void kerasRowsUseKerasFormulasWithEpsilon1e7() {
    assertThat(Baselines.rule("adam")).isEqualTo(new KerasAdam.Rule(0.005, 0.9, 0.999, 1e-7));
    assertThat(Baselines.rule("rmsprop")).isEqualTo(new KerasRmsProp.Rule(0.005, 0.9, 1e-7));
    assertThat(Baselines.rule("sgd")).isEqualTo(new KerasSgd.Rule(0.2, 0));
    assertThat(Baselines.rule("momentum")).isEqualTo(new KerasSgd.Rule(0.5, 0.9));
    assertThat(Baselines.rule("adam_deep")).isEqualTo(new KerasAdam.Rule(0.001, 0.9, 0.999, 1e-7));
    assertThat(Baselines.rule("rmsprop_deep")).isEqualTo(new KerasRmsProp.Rule(0.0005, 0.9, 1e-7));
    assertThat(Baselines.rule("sgd_deep")).isEqualTo(new KerasSgd.Rule(0.2, 0));
  }

  @Test
  void originalRulesUseTheClassDefaultEpsilon() {
    MomentumRule custom = (MomentumRule) Baselines.rule("momentum_custom");
    assertThat(List.of(custom.learningRate(), custom.beta1())).containsExactly(0.5, 0.9);
    assertThat(((MomentumRule) Baselines.rule("momentum_deep")).learningRate()).isEqualTo(0.2);
    assertSign(Baselines.rule("addsign"), AddSignRule.class, 0.1, 1e-7);
    assertSign(Baselines.rule("powersign"), PowerSignRule.class, 0.1, 1e-7);
    assertSign(Baselines.rule("addsign_deep"), AddSignRule.class, 0.05, 1e-7);
    assertSign(Baselines.rule("powersign_deep"), PowerSignRule.class, 0.05, 1e-7);
  }

  @Test
  void poolRowsUseTheTeacherPresets() {
    AdamRule adam = (AdamRule) Baselines.rule("adam_l2o");
    assertThat(List.of(adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon()))
        .containsExactly(0.005, 0.9, 0.999, 1e-10);
    RmsPropRule rms = (RmsPropRule) Baselines.rule("rmsprop_l2o");
    assertThat(List.of(rms.learningRate(), rms.rho(), rms.epsilon())).containsExactly(0.005, 0.9, 1e-10);
    assertThat(((SgdRule) Baselines.rule("sgd_l2o")).learningRate()).isEqualTo(0.2);
    MomentumRule mom = (MomentumRule) Baselines.rule("momentum_l2o");
    assertThat(List.of(mom.learningRate(), mom.beta1())).containsExactly(0.5, 0.9);
    assertSign(Baselines.rule("powersign_l2o"), PowerSignRule.class, 0.1, 1e-10);
    assertSign(Baselines.rule("addsign_l2o"), AddSignRule.class, 0.1, 1e-10);
  }

  @Test
  void gridSearchPoliciesAreBuiltAsTheOriginalsGridSearchBuildsThem() {
    assertThat(Baselines.GRID_SEARCH_POLICIES)
        .containsExactly("adam", "rmsprop", "sgd", "momentum", "addsign", "powersign");
    AdamRule adam = (AdamRule) Baselines.gridSearch("adam", 0.02).rule().get();
    assertThat(List.of(adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon()))
        .containsExactly(0.02, 0.9, 0.999, 1e-7);
    RmsPropRule rms = (RmsPropRule) Baselines.gridSearch("rmsprop", 0.003).rule().get();
    assertThat(List.of(rms.learningRate(), rms.rho(), rms.epsilon())).containsExactly(0.003, 0.9, 1e-7);
    assertThat(((SgdRule) Baselines.gridSearch("sgd", 2.0).rule().get()).learningRate()).isEqualTo(2.0);
    MomentumRule mom = (MomentumRule) Baselines.gridSearch("momentum", 0.7).rule().get();
    assertThat(List.of(mom.learningRate(), mom.beta1())).containsExactly(0.7, 0.9);
    assertSign(Baselines.gridSearch("addsign", 0.4).rule().get(), AddSignRule.class, 0.4, 1e-10);
    assertSign(Baselines.gridSearch("powersign", 0.6).rule().get(), PowerSignRule.class, 0.6, 1e-10);
    Baselines.Baseline b = Baselines.gridSearch("momentum", 0.7);
    assertThat(b.name()).isEqualTo("momentum_gs");
    assertThat(b.description()).contains("0.7");
  }

  @Test
  void gridSearchRefusesUnknownPoliciesAndBadRates() {
    assertThatThrownBy(() -> Baselines.gridSearch("nadam", 0.1))
        .hasMessageContaining("nadam").hasMessageContaining("powersign");
    for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Baselines.gridSearch("adam", bad)).hasMessageContaining("expected a finite number");
    }
  }

  /** Every baseline builds on an ordinary graph and lowers a convex quadratic in a few steps. */
  @Test
  void everyBaselineTrains() {
    for (String name : Baselines.names()) {
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        Variable<TFloat32> x = tf.withName("x").variable(tf.constant(new float[] {1f, -2f}));
        Operand<TFloat32> xr = tf.identity(x);
        Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(xr, xr), tf.constant(0));
        PolicyOptimizer opt = Baselines.create(name, g);
        Op train = opt.minimize(loss);
        float before = value(s, loss);
        for (int t = 0; t < 3; t++) {
          s.run(train);
        }
        float after = value(s, loss);
        assertThat(after).as(name).isLessThan(before).isFinite();
      }
    }
  }

  private static void assertSign(UpdateRule rule, Class<? extends SignRule> type, double lr, double eps) {
    assertThat(rule).isInstanceOf(type);
    SignRule sign = (SignRule) rule;
    assertThat(List.of(sign.learningRate(), sign.beta1(), sign.beta2(), sign.epsilon()))
        .containsExactly(lr, 0.9, 0.999, eps);
  }

  private static float value(Session s, Operand<TFloat32> op) {
    try (Result r = s.runner().fetch(op).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
