package org.l2o.experiment.config;

import org.l2o.core.json.Json;
import org.l2o.core.json.ConfigException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Default configurations: {@code BASE ∪ STRATEGY[strategy] ∪ POLICY[policy]}, as the original's
 * {@code config/defaults.py}.
 *
 * <p>The defaults are data: JSON resources under {@code org/l2o/core/config/defaults/} ({@code base.json},
 * {@code strategy/<name>.json}, {@code policy/<name>.json}). A full config is a JSON object with the
 * original's top-level keys, in this order: {@code training}, {@code optimizer}, {@code problems} (from
 * BASE), {@code strategy_constructor}, {@code strategy}, {@code policy_constructor}, {@code policy}.
 * Every call returns a fresh deep copy, so callers may mutate it (the original shared its constants).
 */
public final class Configs {
  /** Valid strategy names (train.py {@code --strategy}). */
  public static final List<String> STRATEGIES = List.of("simple", "repeat", "curriculum");

  /** Valid policy names (train.py {@code --policy}). */
  public static final List<String> POLICIES =
      List.of(
          "rnnprop", "less_choice", "more_choice", "less_choice_sgd", "dmoptimizer",
          "scale_hierarchical", "adam_lr", "rmsprop_lr", "adam", "rmsprop", "momentum",
          "powersign", "addsign", "sgd");

  /** The top-level keys of a full config, in order. */
  public static final List<String> TOP_LEVEL_KEYS =
      List.of("training", "optimizer", "problems", "strategy_constructor", "strategy",
          "policy_constructor", "policy");

  private static final String ROOT = "/org/l2o/experiment/config/defaults/";
  private static final Map<String, ObjectNode> CACHE = new ConcurrentHashMap<>();

  private Configs() {}

  /**
   * The full default config for a strategy and a policy.
   *
   * @param strategy one of {@link #STRATEGIES}
   * @param policy one of {@link #POLICIES}
   * @return a new, mutable config tree
   * @throws ConfigException for an unknown name, listing the valid ones
   */
  public static ObjectNode defaults(String strategy, String policy) {
    ObjectNode base = base();
    ObjectNode strategyPart = strategy(strategy);
    ObjectNode policyPart = policy(policy);
    ObjectNode config = Json.nodes().objectNode();
    base.properties().forEach(e -> config.set(e.getKey(), e.getValue()));
    strategyPart.properties().forEach(e -> config.set(e.getKey(), e.getValue()));
    policyPart.properties().forEach(e -> config.set(e.getKey(), e.getValue()));
    return config;
  }

  /** A deep copy of BASE: {@code training}, {@code optimizer}, {@code problems}. */
  public static ObjectNode base() {
    return load("base.json", "defaults");
  }

  /** A deep copy of STRATEGY[name]: {@code strategy_constructor} and {@code strategy}. */
  public static ObjectNode strategy(String name) {
    requireKnown("strategy", name, STRATEGIES);
    return load("strategy/" + name + ".json", "strategy defaults");
  }

  /** A deep copy of POLICY[name]: {@code policy_constructor} and {@code policy}. */
  public static ObjectNode policy(String name) {
    requireKnown("policy", name, POLICIES);
    return load("policy/" + name + ".json", "policy defaults");
  }

  private static void requireKnown(String what, String name, List<String> valid) {
    if (name == null || !valid.contains(name)) {
      throw new ConfigException(
          "unknown " + what + " '" + name + "'; valid " + what + " names: " + String.join(", ", valid));
    }
  }

  private static ObjectNode load(String relative, String what) {
    return CACHE.computeIfAbsent(relative, r -> Json.readResource(ROOT + r, what)).deepCopy();
  }
}
