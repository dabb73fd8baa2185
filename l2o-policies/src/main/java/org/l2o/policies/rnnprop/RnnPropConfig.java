package org.l2o.policies.rnnprop;

import static org.l2o.policies.PolicyKeys.bool;
import static org.l2o.policies.PolicyKeys.number;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.policies.PolicyKeys;

/**
 * Settings of {@link RnnProp}, with the keys and defaults of the original's {@code rnnprop} policy config
 * (spec §4.3).
 *
 * @param layers           LSTM widths ([20, 20])
 * @param beta1            first-moment decay (0.9)
 * @param beta2            second-moment decay (0.999)
 * @param alpha            output scale (0.1)
 * @param epsilon          epsilon inside the square root (1e-10)
 * @param warmupLstmUpdate whether warm-up steps update the LSTM states (false)
 * @param inputNoise       standard deviation of Gaussian noise on the gradient in training mode (0)
 * @param name             the policy's name
 */
public record RnnPropConfig(List<Integer> layers, double beta1, double beta2, double alpha, double epsilon,
    boolean warmupLstmUpdate, double inputNoise, String name) {
  /**
   * Copies the layer list and checks the widths.
   *
   * @param layers LSTM widths, each at least 1
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @param alpha output scale
   * @param epsilon epsilon inside the square root
   * @param warmupLstmUpdate whether warm-up steps update the LSTM states
   * @param inputNoise standard deviation of Gaussian noise on the gradient in training mode
   * @param name the policy's name
   * @throws IllegalArgumentException naming {@code policy/layers} if a width is below 1 or the list is empty
   */
  public RnnPropConfig {
    layers = List.copyOf(layers);
    if (layers.isEmpty() || layers.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("policy/layers: expected a non-empty list of positive widths, got " + layers);
    }
  }

  /** {@return the original's rnnprop defaults} */
  public static RnnPropConfig defaults() {
    return new RnnPropConfig(List.of(20, 20), 0.9, 0.999, 0.1, 1e-10, false, 0.0, "RNNPropOptimizer");
  }

  /** Keras layer arguments the original passes; only their default values are supported. */
  private static final Map<String, Object> FIXED_KERAS_ARGS = Map.of(
      "activation", "tanh", "recurrent_activation", "sigmoid", "use_bias", true,
      "kernel_initializer", "glorot_uniform", "recurrent_initializer", "orthogonal",
      "bias_initializer", "zeros", "unit_forget_bias", true);

  private static final Set<String> KEYS = Set.of("layers", "beta_1", "beta_2", "alpha", "epsilon",
      "warmup_lstm_update", "perturbation", "input_noise", "name");

  /**
   * Reads the original's {@code policy} dict of an rnnprop config. Missing keys take the defaults; unknown keys
   * and unsupported values are errors naming {@code policy/<key>}. The {@code perturbation} spec is not the policy's:
   * the experiment builder reads it (org.l2o.perturbations.Perturbations) and the trainer applies it to the weights.
   *
   * @param policy the {@code policy} dict
   * @return the settings
   */
  public static RnnPropConfig fromConfig(Map<String, ?> policy) {
    RnnPropConfig d = defaults();
    for (String key : policy.keySet()) {
      if (FIXED_KERAS_ARGS.containsKey(key)) {
        if (!FIXED_KERAS_ARGS.get(key).equals(policy.get(key))) {
          throw new IllegalArgumentException("policy/" + key + ": only " + FIXED_KERAS_ARGS.get(key)
              + " is supported, got " + policy.get(key));
        }
      } else if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("policy/" + key + ": unknown key for RNNPropOptimizer; known: " + KEYS);
      }
    }
    List<Integer> layers = PolicyKeys.layers(policy, d.layers());
    return new RnnPropConfig(layers,
        number(policy, "beta_1", d.beta1()), number(policy, "beta_2", d.beta2()), number(policy, "alpha", d.alpha()),
        number(policy, "epsilon", d.epsilon()),
        bool(policy, "warmup_lstm_update", d.warmupLstmUpdate()), number(policy, "input_noise", d.inputNoise()),
        policy.containsKey("name") ? String.valueOf(policy.get("name")) : d.name());
  }


}
