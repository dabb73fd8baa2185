package org.l2o.policies.rnnprop;

import java.util.List;

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
  public RnnPropConfig {
    layers = List.copyOf(layers);
    if (layers.isEmpty() || layers.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("policy/layers: expected a non-empty list of positive widths, got " + layers);
    }
  }

  /** The original's rnnprop defaults. */
  public static RnnPropConfig defaults() {
    return new RnnPropConfig(List.of(20, 20), 0.9, 0.999, 0.1, 1e-10, false, 0.0, "RNNPropOptimizer");
  }
}
