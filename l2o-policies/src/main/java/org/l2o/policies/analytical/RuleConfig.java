package org.l2o.policies.analytical;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reader of one analytical rule's config dict (values as parsed from JSON: numbers may be any
 * {@link Number}). Every key must be read; {@link #finish()} rejects the rest, naming key and class.
 */
final class RuleConfig {
  private final String className;
  private final Map<String, Object> config;
  private final Set<String> allowed = new LinkedHashSet<>();

  RuleConfig(String className, Map<String, Object> config) {
    this.className = className;
    this.config = config == null ? Map.of() : config;
    for (String key : this.config.keySet()) {
      if (key == null) {
        throw new IllegalArgumentException("null key in the config of analytical rule '" + className + "'");
      }
    }
  }

  /** A finite number, or {@code fallback} when the key is absent. */
  double number(String key, double fallback) {
    allowed.add(key);
    if (!config.containsKey(key)) {
      return fallback;
    }
    Object value = config.get(key);
    if (!(value instanceof Number number) || value instanceof Boolean) {
      throw error(key, "must be a number, got " + describe(value));
    }
    double d = number.doubleValue();
    if (!Double.isFinite(d)) {
      throw error(key, "must be finite, got " + d);
    }
    return d;
  }

  /** A number in [0, 1), for decays that the rule divides by {@code 1 - value} or averages with. */
  double decay(String key, double fallback) {
    double d = number(key, fallback);
    if (d < 0 || d >= 1) {
      throw error(key, "must be in [0, 1), got " + d);
    }
    return d;
  }

  /** A number >= 0 (learning rates, epsilons). */
  double nonNegative(String key, double fallback) {
    double d = number(key, fallback);
    if (d < 0) {
      throw error(key, "must be >= 0, got " + d);
    }
    return d;
  }

  /** The rule name ({@code name} key), or {@code fallback}. */
  String name(String fallback) {
    allowed.add("name");
    Object value = config.get("name");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw error("name", "must be a non-empty string, got " + describe(value));
    }
    return s;
  }

  /** Rejects {@code trainable: true}: trainable hyper-parameters are not supported yet. */
  void requireNotTrainable() {
    allowed.add("trainable");
    Object value = config.get("trainable");
    if (value == null || Boolean.FALSE.equals(value)) {
      return;
    }
    if (Boolean.TRUE.equals(value)) {
      throw error("trainable", "is true, but trainable analytical rules are not supported yet; "
          + "remove the key or set it to false");
    }
    throw error("trainable", "must be a boolean, got " + describe(value));
  }

  /** Rejects keys that were not read. */
  void finish() {
    for (String key : config.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in the config of analytical rule '"
            + className + "'; allowed keys: " + new TreeSet<>(allowed));
      }
    }
  }

  private IllegalArgumentException error(String key, String what) {
    return new IllegalArgumentException(
        "key '" + key + "' in the config of analytical rule '" + className + "' " + what);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }
}
