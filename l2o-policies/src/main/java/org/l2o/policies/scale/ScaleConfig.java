package org.l2o.policies.scale;

import static org.l2o.policies.PolicyKeys.bool;
import static org.l2o.policies.PolicyKeys.number;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link ScaleHierarchical}, with the keys and defaults of the original's {@code scale_hierarchical}
 * policy config (spec §4.6).
 *
 * @param paramUnits                 width of the per-coordinate GRU (20)
 * @param tensorUnits                width of the per-tensor GRU (10)
 * @param globalUnits                width of the global GRU (10)
 * @param initLr                     the initial learning rate exp(eta_bar_0) (1e-3; the original's range
 *                                   {@code init_lr} must have equal ends, see {@link #fromConfig})
 * @param lrOffset                   added to exp(eta) (0.01)
 * @param timescales                 number of EMA timescales (4)
 * @param epsilon                    epsilon inside the square root and the logarithm (1e-10)
 * @param momentumDecayBiasInit      initial bias of the momentum-decay Dense, logit(0.9)
 * @param varianceDecayBiasInit      initial bias of the variance-decay Dense, logit(0.999)
 * @param useGradientShortcut        whether a Dense on the scaled momenta is added to the direction (true)
 * @param learningRateMomentumInit   initial logit of the learning-rate momentum gamma (3.2)
 * @param name                       the policy's name
 */
public record ScaleConfig(int paramUnits, int tensorUnits, int globalUnits, double initLr, double lrOffset,
    int timescales, double epsilon, double momentumDecayBiasInit, double varianceDecayBiasInit,
    boolean useGradientShortcut, double learningRateMomentumInit, String name) {
  /** The original's constructor name ({@code policy_constructor}). */
  public static final String CONSTRUCTOR = "ScaleHierarchicalOptimizer";

  /**
   * Checks that the widths and the number of timescales are positive, the learning rate positive and finite and
   * epsilon positive.
   *
   * @param paramUnits width of the per-coordinate GRU
   * @param tensorUnits width of the per-tensor GRU
   * @param globalUnits width of the global GRU
   * @param initLr the initial learning rate exp(eta_bar_0)
   * @param lrOffset added to exp(eta)
   * @param timescales number of EMA timescales
   * @param epsilon epsilon inside the square root and the logarithm
   * @param momentumDecayBiasInit initial bias of the momentum-decay Dense
   * @param varianceDecayBiasInit initial bias of the variance-decay Dense
   * @param useGradientShortcut whether a Dense on the scaled momenta is added to the direction
   * @param learningRateMomentumInit initial logit of the learning-rate momentum gamma
   * @param name the policy's name
   * @throws IllegalArgumentException naming the {@code policy/<key>} of a value out of range
   */
  public ScaleConfig {
    positive("param_units", paramUnits);
    positive("tensor_units", tensorUnits);
    positive("global_units", globalUnits);
    positive("timescales", timescales);
    if (!(initLr > 0) || Double.isInfinite(initLr)) {
      throw new IllegalArgumentException("policy/init_lr: expected positive finite values, got " + initLr);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("policy/epsilon: expected a positive number, got " + epsilon);
    }
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("policy/" + key + ": expected a positive integer, got " + value);
    }
  }

  /** {@return the original's scale_hierarchical defaults (spec §4.6)} */
  public static ScaleConfig defaults() {
    return new ScaleConfig(20, 10, 10, 1e-3, 1e-2, 4, 1e-10, logit(0.9), logit(0.999), true, 3.2, CONSTRUCTOR);
  }

  /**
   * log(p / (1 - p)).
   *
   * @param p a probability in (0, 1)
   * @return the logit of {@code p}
   */
  public static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  /**
   * Number of features of the per-coordinate GRU's input: m and gamma per timescale, eta_rel, h_tensor, h_global.
   *
   * @return {@code 2 * timescales + 1 + tensorUnits + globalUnits}
   */
  public int paramInputs() {
    return 2 * timescales + 1 + tensorUnits + globalUnits;
  }

  /** Keras GRU arguments the original passes; only their default values are supported. */
  private static final Map<String, Object> FIXED_KERAS_ARGS = Map.of(
      "activation", "tanh", "recurrent_activation", "sigmoid", "use_bias", true,
      "kernel_initializer", "glorot_uniform", "recurrent_initializer", "orthogonal",
      "bias_initializer", "zeros", "reset_after", true);

  private static final Set<String> KEYS = Set.of("param_units", "tensor_units", "global_units", "init_lr",
      "lr_offset", "timescales", "epsilon", "momentum_decay_bias_init", "variance_decay_bias_init",
      "use_gradient_shortcut", "learning_rate_momentum_init", "name");

  /**
   * Reads the original's {@code policy} dict of a scale_hierarchical config. Missing keys take the defaults; unknown
   * keys and unsupported values are errors naming {@code policy/<key>}. {@code init_lr} is the original's range
   * [low, high] of exp(eta_bar_0), drawn log-uniformly per coordinate; every state here starts at a fixed value, so
   * only an empty range (low = high, as in the original's config) is accepted.
   *
   * @param policy the {@code policy} dict
   * @return the settings
   */
  public static ScaleConfig fromConfig(Map<String, ?> policy) {
    ScaleConfig d = defaults();
    for (String key : policy.keySet()) {
      if (FIXED_KERAS_ARGS.containsKey(key)) {
        if (!FIXED_KERAS_ARGS.get(key).equals(policy.get(key))) {
          throw new IllegalArgumentException("policy/" + key + ": only " + FIXED_KERAS_ARGS.get(key)
              + " is supported, got " + policy.get(key));
        }
      } else if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("policy/" + key + ": unknown key for " + CONSTRUCTOR + "; known: "
            + KEYS + " and the Keras GRU arguments " + FIXED_KERAS_ARGS.keySet());
      }
    }
    return new ScaleConfig(integer(policy, "param_units", d.paramUnits()),
        integer(policy, "tensor_units", d.tensorUnits()), integer(policy, "global_units", d.globalUnits()),
        initLr(policy, d.initLr()), number(policy, "lr_offset", d.lrOffset()),
        integer(policy, "timescales", d.timescales()), number(policy, "epsilon", d.epsilon()),
        number(policy, "momentum_decay_bias_init", d.momentumDecayBiasInit()),
        number(policy, "variance_decay_bias_init", d.varianceDecayBiasInit()),
        bool(policy, "use_gradient_shortcut", d.useGradientShortcut()),
        number(policy, "learning_rate_momentum_init", d.learningRateMomentumInit()),
        policy.containsKey("name") ? String.valueOf(policy.get("name")) : d.name());
  }

  private static int integer(Map<String, ?> policy, String key, int fallback) {
    Object v = policy.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new IllegalArgumentException("policy/" + key + ": expected an integer, got " + v);
    }
    return Math.toIntExact(((Number) v).longValue());
  }

  private static double initLr(Map<String, ?> policy, double fallback) {
    Object v = policy.get("init_lr");
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof List<?> range) || range.size() != 2 || !(range.get(0) instanceof Number lo)
        || !(range.get(1) instanceof Number hi)) {
      throw new IllegalArgumentException("policy/init_lr: expected a list of two numbers [low, high], got " + v);
    }
    if (lo.doubleValue() != hi.doubleValue()) {
      throw new IllegalArgumentException("policy/init_lr: only an empty range [x, x] is supported (the original's"
          + " config has [0.001, 0.001]); a random initial learning rate per coordinate is not, got " + v);
    }
    return lo.doubleValue();
  }
}
