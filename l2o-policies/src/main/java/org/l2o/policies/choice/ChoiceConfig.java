package org.l2o.policies.choice;

import static org.l2o.policies.PolicyKeys.bool;
import static org.l2o.policies.PolicyKeys.number;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.l2o.policies.PolicyKeys;
import org.l2o.policies.analytical.AnalyticalRule;
import org.l2o.policies.analytical.AnalyticalRules;

/**
 * Settings of {@link ChoicePolicy}, read from the {@code policy} dict of the original's
 * {@code AbstractChoiceOptimizer} configs ({@code less_choice}, {@code more_choice}, {@code less_choice_sgd};
 * spec §4.5). Missing keys take the class defaults (learning rate 0.01, hardness 0, no meta-features, time scale
 * 1000); {@code pool} is required.
 *
 * @param layers           LSTM widths ([20, 20])
 * @param learningRate     scale of the weighted pool update
 * @param epsilon          added to the softmax denominator
 * @param hardness         0 for the softmax; above 0 Gumbel-softmax in training and arg-max otherwise
 * @param useMetaFeatures  whether the time feature and the three rank indicators are inputs
 * @param timeScale        the time feature is t / timeScale
 * @param warmupLstmUpdate whether warm-up steps update the LSTM states
 * @param pool             the pool members, in input and output order
 * @param name             the policy's name
 */
public record ChoiceConfig(List<Integer> layers, double learningRate, double epsilon, double hardness,
    boolean useMetaFeatures, double timeScale, boolean warmupLstmUpdate, List<AnalyticalRule> pool, String name) {

  /** The original's constructor name of the choice policies. */
  public static final String CONSTRUCTOR = "AbstractChoiceOptimizer";

  /**
   * Copies the lists and checks the values.
   *
   * @param layers LSTM widths, each at least 1
   * @param learningRate scale of the weighted pool update
   * @param epsilon added to the softmax denominator, at least 0
   * @param hardness 0 for the softmax, above 0 for Gumbel-softmax; at least 0
   * @param useMetaFeatures whether the time feature and the three rank indicators are inputs
   * @param timeScale the time feature is t / timeScale; positive
   * @param warmupLstmUpdate whether warm-up steps update the LSTM states
   * @param pool the pool members, at least one
   * @param name the policy's name
   * @throws IllegalArgumentException naming the {@code policy/<key>} of a value out of range
   */
  public ChoiceConfig {
    layers = List.copyOf(layers);
    pool = List.copyOf(pool);
    if (layers.isEmpty() || layers.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("policy/layers: expected a non-empty list of positive widths, got " + layers);
    }
    if (pool.isEmpty()) {
      throw new IllegalArgumentException("policy/pool: expected at least one pool member, got none");
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("policy/time_scale: expected a positive number, got " + timeScale);
    }
    if (!(hardness >= 0) || !(epsilon >= 0)) {
      throw new IllegalArgumentException("policy/hardness and policy/epsilon must be >= 0, got " + hardness + " and "
          + epsilon);
    }
  }

  /** Keras layer arguments the original passes; only their default values are supported. */
  private static final Map<String, Object> FIXED_KERAS_ARGS = Map.of(
      "activation", "tanh", "recurrent_activation", "sigmoid", "use_bias", true,
      "kernel_initializer", "glorot_uniform", "recurrent_initializer", "orthogonal",
      "bias_initializer", "zeros", "unit_forget_bias", true);

  private static final Set<String> KEYS = Set.of("layers", "learning_rate", "epsilon", "hardness", "name",
      "use_meta_features", "time_scale", "lr_multiplier_scale", "warmup_lstm_update", "pool", "perturbation");

  /**
   * Reads the original's {@code policy} dict. Unknown keys and unsupported values are errors naming
   * {@code policy/<key>} (pool members {@code policy/pool/<j>}).
   *
   * @param policy the {@code policy} dict
   * @return the settings
   */
  public static ChoiceConfig fromConfig(Map<String, ?> policy) {
    for (String key : policy.keySet()) {
      if (FIXED_KERAS_ARGS.containsKey(key)) {
        if (!FIXED_KERAS_ARGS.get(key).equals(policy.get(key))) {
          throw new IllegalArgumentException("policy/" + key + ": only " + FIXED_KERAS_ARGS.get(key)
              + " is supported, got " + policy.get(key));
        }
      } else if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("policy/" + key + ": unknown key for " + CONSTRUCTOR + "; known: "
            + new TreeSet<>(KEYS));
      }
    }
    if (policy.get("perturbation") != null) {
      // spec §17 (§8): the original's choice policies are not perturbable
      throw new IllegalArgumentException("policy/perturbation: the choice policies are not perturbable");
    }
    double lrMultiplier = number(policy, "lr_multiplier_scale", 0.0);
    if (lrMultiplier != 0.0) {
      throw new IllegalArgumentException("policy/lr_multiplier_scale: only 0 (no learning-rate multiplier, as every"
          + " config of the original) is supported, got " + lrMultiplier);
    }
    return new ChoiceConfig(PolicyKeys.layers(policy, List.of(20, 20)), number(policy, "learning_rate", 0.01),
        number(policy, "epsilon", 1e-10),
        number(policy, "hardness", 0.0), bool(policy, "use_meta_features", false), number(policy, "time_scale", 1000.0),
        bool(policy, "warmup_lstm_update", false), pool(policy.get("pool")),
        policy.containsKey("name") ? String.valueOf(policy.get("name")) : "AbstractChoiceOptimizer");
  }

  private static List<AnalyticalRule> pool(Object value) {
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("policy/pool: expected a list of {class_name, config} dicts, got " + value);
    }
    List<AnalyticalRule> rules = new ArrayList<>();
    for (int j = 0; j < list.size(); j++) {
      if (!(list.get(j) instanceof Map<?, ?> spec)) {
        throw new IllegalArgumentException("policy/pool/" + j + ": expected a dict {class_name, config}, got "
            + list.get(j));
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) spec;
        rules.add(AnalyticalRules.fromSpec(typed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("policy/pool/" + j + ": " + e.getMessage(), e);
      }
    }
    return rules;
  }



}
