package org.l2o.policies.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.analytical.AdamRule;
import org.l2o.policies.analytical.AddSignRule;
import org.l2o.policies.analytical.AnalyticalRule;
import org.l2o.policies.analytical.MomentumRule;
import org.l2o.policies.analytical.PowerSignRule;
import org.l2o.policies.analytical.RmsPropRule;
import org.l2o.policies.analytical.SgdRule;
import org.l2o.policies.choice.ChoicePolicy;
import org.l2o.policies.dm.DmOptimizer;
import org.l2o.policies.scale.ScaleHierarchical;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.tensorflow.ndarray.Shape;

/** Every registered constructor builds its rule; unknown and unimplemented ones are refused by name. */
class PolicyRegistryTest {
  private static final PolicyRegistry REGISTRY = PolicyRegistry.defaults();

  /** One row per registered constructor: its class, whether it is a student and its weight count. */
  static Stream<Arguments> registered() {
    return Stream.of(
        Arguments.of("RNNPropOptimizer", RnnProp.class, true, 5141L),
        Arguments.of("DMOptimizer", DmOptimizer.class, true, 5061L),
        Arguments.of("ScaleHierarchicalOptimizer", ScaleHierarchical.class, true, 5070L),
        Arguments.of("SGDOptimizer", SgdRule.class, false, 0L),
        Arguments.of("MomentumOptimizer", MomentumRule.class, false, 0L),
        Arguments.of("RMSPropOptimizer", RmsPropRule.class, false, 0L),
        Arguments.of("AdamOptimizer", AdamRule.class, false, 0L),
        Arguments.of("PowerSignOptimizer", PowerSignRule.class, false, 0L),
        Arguments.of("AddSignOptimizer", AddSignRule.class, false, 0L));
  }

  @Test
  void theDefaultsHoldExactlyTheImplementedPolicies() {
    assertThat(REGISTRY.constructors()).containsExactly("RNNPropOptimizer", "AbstractChoiceOptimizer", "DMOptimizer",
        "ScaleHierarchicalOptimizer", "SGDOptimizer", "MomentumOptimizer", "RMSPropOptimizer", "AdamOptimizer",
        "PowerSignOptimizer", "AddSignOptimizer");
    assertThat(REGISTRY.students()).containsExactly("RNNPropOptimizer", "AbstractChoiceOptimizer", "DMOptimizer",
        "ScaleHierarchicalOptimizer");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registered")
  void eachConstructorBuildsItsRuleWithDefaults(String constructor, Class<?> type, boolean student, long scalars) {
    UpdateRule rule = REGISTRY.build(constructor, Map.of());
    assertThat(rule).isInstanceOf(type);
    assertThat(REGISTRY.isStudent(constructor)).isEqualTo(student);
    assertThat(REGISTRY.require(constructor).student()).isEqualTo(student);
    assertThat(rule.weightSpecs().stream().mapToLong(s -> s.shape().size()).sum()).isEqualTo(scalars);
    assertThat(REGISTRY.build(constructor, null)).isInstanceOf(type);
  }

  @Test
  void rnnPropHasTheOriginalsWeightNamesAndShapes() {
    UpdateRule rule = REGISTRY.student("RNNPropOptimizer", Map.of("layers", List.of(20, 20)));
    assertThat(rule.weightSpecs().stream().map(WeightSpec::name)).containsExactly(
        "network/recurrent/0/kernel", "network/recurrent/0/recurrent_kernel", "network/recurrent/0/bias",
        "network/recurrent/1/kernel", "network/recurrent/1/recurrent_kernel", "network/recurrent/1/bias",
        "network/delta/kernel", "network/delta/bias");
    assertThat(rule.weightSpecs().stream().map(WeightSpec::shape)).containsExactly(
        Shape.of(2, 80), Shape.of(20, 80), Shape.of(80), Shape.of(20, 80), Shape.of(20, 80), Shape.of(80),
        Shape.of(20, 1), Shape.of(1));
    RnnProp narrow = (RnnProp) REGISTRY.build("RNNPropOptimizer", Map.of("layers", List.of(5), "alpha", 0.2));
    assertThat(narrow.config()).isEqualTo(new RnnPropConfig(List.of(5), 0.9, 0.999, 0.2, 1e-10, false, 0.0,
        "RNNPropOptimizer"));
    assertThat(narrow.weightSpecs().stream().map(WeightSpec::shape))
        .containsExactly(Shape.of(2, 20), Shape.of(5, 20), Shape.of(20), Shape.of(5, 1), Shape.of(1));
  }

  @Test
  void analyticalConstructorsReadTheirHyperParameters() {
    AdamRule adam = (AdamRule) REGISTRY.build("AdamOptimizer",
        Map.of("learning_rate", 0.005, "beta_1", 0.8, "beta_2", 0.99, "epsilon", 1e-10));
    assertThat(List.of(adam.learningRate(), adam.beta1(), adam.beta2(), adam.epsilon()))
        .containsExactly(0.005, 0.8, 0.99, 1e-10);
    AnalyticalRule sgd = (AnalyticalRule) REGISTRY.build("SGDOptimizer", Map.of("learning_rate", 0.2));
    assertThat(sgd.learningRate()).isEqualTo(0.2);
    assertThat(sgd.className()).isEqualTo("SGD");
    assertThatThrownBy(() -> REGISTRY.build("RMSPropOptimizer", Map.of("beta_1", 0.9)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'beta_1'")
        .hasMessageContaining("RMSProp");
    // The original's POLICY[adam] has trainable hyper-parameters, which are not supported: refused, not ignored.
    assertThatThrownBy(() -> REGISTRY.build("AdamOptimizer", Map.of("trainable", true)))
        .hasMessageContaining("trainable analytical rules are not supported yet");
  }

  @Test
  void anUnknownConstructorIsRefusedNamingItAndTheAcceptedOnes() {
    assertThatThrownBy(() -> REGISTRY.build("NoSuchOptimizer", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy_constructor 'NoSuchOptimizer' is not a known policy; accepted: [RNNPropOptimizer,"
            + " AbstractChoiceOptimizer, DMOptimizer, ScaleHierarchicalOptimizer, SGDOptimizer, MomentumOptimizer,"
            + " RMSPropOptimizer, AdamOptimizer, PowerSignOptimizer, AddSignOptimizer]");
    assertThat(REGISTRY.entry("NoSuchOptimizer")).isEmpty();
    assertThat(REGISTRY.isStudent("NoSuchOptimizer")).isFalse();
  }

  @Test
  void theChoicePoliciesAreStudentsAndUnimplementedOnesAreRefused() {
    UpdateRule choice = REGISTRY.student("AbstractChoiceOptimizer", Map.of("pool",
        List.of(Map.of("class_name", "SGD", "config", Map.of("learning_rate", 0.2)))));
    assertThat(choice).isInstanceOf(ChoicePolicy.class);
    assertThatThrownBy(() -> REGISTRY.student("AbstractChoiceOptimizer", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("policy/pool:");
    assertThatThrownBy(() -> REGISTRY.build("RNNPropExtendedOptimizer", Map.of()))
        .hasMessageContaining("(rnnprop_ext) is not implemented yet");
  }

  @Test
  void anAnalyticalPolicyIsNotAStudent() {
    assertThatThrownBy(() -> REGISTRY.student("AdamOptimizer", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy_constructor 'AdamOptimizer' is an analytical policy (a teacher or baseline without"
            + " weights), not a trainable student; students: [RNNPropOptimizer, AbstractChoiceOptimizer,"
            + " DMOptimizer, ScaleHierarchicalOptimizer]");
  }

  @Test
  void withAddsARowAndLeavesTheOriginalUnchanged() {
    PolicyEntry own = new PolicyEntry("MySgdOptimizer", true, policy -> new SgdRule("mine", 0.3));
    PolicyRegistry extended = REGISTRY.with(own);
    assertThat(extended.students()).containsExactly("RNNPropOptimizer", "AbstractChoiceOptimizer", "DMOptimizer",
        "ScaleHierarchicalOptimizer", "MySgdOptimizer");
    assertThat(((SgdRule) extended.student("MySgdOptimizer", Map.of())).learningRate()).isEqualTo(0.3);
    assertThat(REGISTRY.entry("MySgdOptimizer")).isEmpty();
    assertThatThrownBy(() -> new PolicyEntry(" ", false, p -> null)).hasMessageContaining("blank");
  }
}
