package org.l2o.policies.dm;

import static org.l2o.policies.PolicyKeys.number;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.policies.PolicyKeys;

/**
 * Settings of {@link DmOptimizer}, with the keys and defaults of the original's {@code dmoptimizer} policy config
 * (spec §4.6).
 *
 * @param layers       LSTM widths ([20, 20])
 * @param learningRate the factor of the linear output (0.1)
 * @param name         the policy's name
 */
public record DmConfig(List<Integer> layers, double learningRate, String name) {
  /** The original's constructor name ({@code policy_constructor}). */
  public static final String CONSTRUCTOR = "DMOptimizer";

  /**
   * Copies the layer list and checks the values.
   *
   * @param layers LSTM widths, each at least 1
   * @param learningRate the factor of the linear output, positive and finite
   * @param name the policy's name
   * @throws IllegalArgumentException naming the {@code policy/<key>} of a value out of range
   */
  public DmConfig {
    layers = List.copyOf(layers);
    if (layers.isEmpty() || layers.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("policy/layers: expected a non-empty list of positive widths, got " + layers);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("policy/learning_rate: expected a positive finite number, got "
          + learningRate);
    }
  }

  /** {@return the original's dmoptimizer defaults} */
  public static DmConfig defaults() {
    return new DmConfig(List.of(20, 20), 0.1, CONSTRUCTOR);
  }

  /** Keras LSTM arguments the original passes; only their default values are supported. */
  private static final Map<String, Object> FIXED_KERAS_ARGS = Map.of(
      "activation", "tanh", "recurrent_activation", "sigmoid", "use_bias", true,
      "kernel_initializer", "glorot_uniform", "recurrent_initializer", "orthogonal",
      "bias_initializer", "zeros", "unit_forget_bias", true);

  private static final Set<String> KEYS = Set.of("layers", "learning_rate", "name");

  /**
   * Reads the original's {@code policy} dict of a dmoptimizer config. Missing keys take the defaults; unknown keys
   * and unsupported values are errors naming {@code policy/<key>}.
   *
   * @param policy the {@code policy} dict; missing keys take the defaults
   * @return the settings
   */
  public static DmConfig fromConfig(Map<String, ?> policy) {
    DmConfig d = defaults();
    for (String key : policy.keySet()) {
      if (FIXED_KERAS_ARGS.containsKey(key)) {
        if (!FIXED_KERAS_ARGS.get(key).equals(policy.get(key))) {
          throw new IllegalArgumentException("policy/" + key + ": only " + FIXED_KERAS_ARGS.get(key)
              + " is supported, got " + policy.get(key));
        }
      } else if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("policy/" + key + ": unknown key for " + CONSTRUCTOR + "; known: "
            + KEYS + " and the Keras LSTM arguments " + FIXED_KERAS_ARGS.keySet());
      }
    }
    return new DmConfig(PolicyKeys.layers(policy, d.layers()), number(policy, "learning_rate", d.learningRate()),
        policy.containsKey("name") ? String.valueOf(policy.get("name")) : d.name());
  }
}
