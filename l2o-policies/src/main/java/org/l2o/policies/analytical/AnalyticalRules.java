package org.l2o.policies.analytical;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the analytical rules from the original's teacher specs
 * {@code {class_name: "Adam", config: {learning_rate: 0.005, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-10}}}
 * (spec §2.3, §4.4). Missing keys take the class defaults; {@code name} and {@code trainable} (false
 * only) are accepted by every class, {@code temperature} by PowerSign and AddSign; any other key is
 * rejected with an error naming the key and the class.
 */
public final class AnalyticalRules {
  /** Class names understood by {@link #fromSpec(String, Map)}, in the large pool's order (spec §4.5). */
  public static final List<String> CLASS_NAMES = List.of(
      SgdRule.CLASS_NAME, MomentumRule.CLASS_NAME, RmsPropRule.CLASS_NAME, AdamRule.CLASS_NAME,
      PowerSignRule.CLASS_NAME, AddSignRule.CLASS_NAME);

  private AnalyticalRules() {}

  /**
   * Builds one rule.
   *
   * @param className the original's class name: one of {@link #CLASS_NAMES} (case-sensitive)
   * @param config    hyper-parameters under the original's keys; null or empty for the class defaults
   * @return the rule
   * @throws IllegalArgumentException for an unknown class, an unknown key, a value of the wrong type or
   *     range, or {@code trainable: true}
   */
  public static AnalyticalRule fromSpec(String className, Map<String, Object> config) {
    if (className == null) {
      throw new IllegalArgumentException("analytical rule spec has no class_name; expected one of " + CLASS_NAMES);
    }
    RuleConfig c = new RuleConfig(className, config);
    AnalyticalRule rule = switch (className) {
      case AdamRule.CLASS_NAME -> new AdamRule(
          c.name("adam"),
          c.nonNegative("learning_rate", AdamRule.DEFAULT_LEARNING_RATE),
          c.decay("beta_1", AdamRule.DEFAULT_BETA_1),
          c.decay("beta_2", AdamRule.DEFAULT_BETA_2),
          c.nonNegative("epsilon", AdamRule.DEFAULT_EPSILON));
      case RmsPropRule.CLASS_NAME -> new RmsPropRule(
          c.name("rmsprop"),
          c.nonNegative("learning_rate", RmsPropRule.DEFAULT_LEARNING_RATE),
          c.decay("rho", RmsPropRule.DEFAULT_RHO),
          c.nonNegative("epsilon", RmsPropRule.DEFAULT_EPSILON));
      case SgdRule.CLASS_NAME -> new SgdRule(
          c.name("sgd"),
          c.nonNegative("learning_rate", SgdRule.DEFAULT_LEARNING_RATE));
      case MomentumRule.CLASS_NAME -> new MomentumRule(
          c.name("momentum"),
          c.nonNegative("learning_rate", MomentumRule.DEFAULT_LEARNING_RATE),
          c.decay("beta_1", MomentumRule.DEFAULT_BETA_1));
      case PowerSignRule.CLASS_NAME -> new PowerSignRule(
          c.name("powersign"),
          c.nonNegative("learning_rate", SignRule.DEFAULT_LEARNING_RATE),
          c.decay("beta_1", SignRule.DEFAULT_BETA_1),
          c.decay("beta_2", SignRule.DEFAULT_BETA_2),
          c.nonNegative("epsilon", SignRule.DEFAULT_EPSILON),
          c.number("temperature", SignRule.DEFAULT_TEMPERATURE));
      case AddSignRule.CLASS_NAME -> new AddSignRule(
          c.name("addsign"),
          c.nonNegative("learning_rate", SignRule.DEFAULT_LEARNING_RATE),
          c.decay("beta_1", SignRule.DEFAULT_BETA_1),
          c.decay("beta_2", SignRule.DEFAULT_BETA_2),
          c.nonNegative("epsilon", SignRule.DEFAULT_EPSILON),
          c.number("temperature", SignRule.DEFAULT_TEMPERATURE));
      default -> throw new IllegalArgumentException(
          "unknown analytical rule class '" + className + "'; expected one of " + CLASS_NAMES);
    };
    c.requireNotTrainable();
    c.finish();
    return rule;
  }

  /**
   * Builds one rule from a whole teacher spec {@code {class_name: X, config: {...}}}.
   *
   * @param spec the spec; keys other than {@code class_name} and {@code config} are rejected
   * @return the rule
   * @throws IllegalArgumentException for a malformed spec or config (see {@link #fromSpec(String, Map)})
   */
  public static AnalyticalRule fromSpec(Map<String, Object> spec) {
    if (spec == null) {
      throw new IllegalArgumentException("analytical rule spec is null");
    }
    for (String key : spec.keySet()) {
      if (!Set.of("class_name", "config").contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in analytical rule spec " + spec
            + "; expected {class_name, config}");
      }
    }
    Object className = spec.get("class_name");
    if (!(className instanceof String name)) {
      throw new IllegalArgumentException("class_name of analytical rule spec " + spec + " must be a string");
    }
    Object config = spec.get("config");
    if (config != null && !(config instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("config of analytical rule '" + name + "' must be a dict, got "
          + config.getClass().getSimpleName());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) config;
    return fromSpec(name, typed);
  }
}
