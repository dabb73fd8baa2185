package org.l2o.policies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reading of a policy config's values ({@code policy/<key>}), with the key named in every refusal. */
public final class PolicyKeys {
  private PolicyKeys() {}

  /**
   * The number under {@code key}, or {@code fallback} when it is absent or null.
   *
   * @param policy the {@code policy} dict
   * @param key the key
   * @param fallback the value for an absent or null key
   * @return the number as a double, or {@code fallback}
   * @throws IllegalArgumentException naming {@code policy/<key>} if the value is not a number
   */
  public static double number(Map<String, ?> policy, String key, double fallback) {
    Object v = policy.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("policy/" + key + ": expected a number, got " + v);
    }
    return n.doubleValue();
  }

  /**
   * The boolean under {@code key}, or {@code fallback} when it is absent or null.
   *
   * @param policy the {@code policy} dict
   * @param key the key
   * @param fallback the value for an absent or null key
   * @return the boolean, or {@code fallback}
   * @throws IllegalArgumentException naming {@code policy/<key>} if the value is not a boolean
   */
  public static boolean bool(Map<String, ?> policy, String key, boolean fallback) {
    Object v = policy.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException("policy/" + key + ": expected true or false, got " + v);
    }
    return b;
  }

  /**
   * The integer list under {@code layers} (LSTM widths), or {@code fallback} when the key is absent.
   *
   * @param policy the {@code policy} dict
   * @param fallback the widths for an absent key
   * @return the widths, or {@code fallback}
   */
  public static List<Integer> layers(Map<String, ?> policy, List<Integer> fallback) {
    if (!policy.containsKey("layers")) {
      return fallback;
    }
    if (!(policy.get("layers") instanceof List<?> list)) {
      throw new IllegalArgumentException("policy/layers: expected a list of integers, got " + policy.get("layers"));
    }
    List<Integer> layers = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Integer || o instanceof Long)) {
        throw new IllegalArgumentException("policy/layers: expected integers, got " + o);
      }
      layers.add(((Number) o).intValue());
    }
    return layers;
  }
}
