package org.l2o.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.util.function.IntToDoubleFunction;
import org.l2o.core.json.ConfigException;
import org.l2o.strategies.Schedules;

/**
 * A float schedule of a strategy setting (spec §2.2): its JSON form and the function it denotes. Equality and
 * the string form use the JSON form.
 */
public final class FloatSchedule {
  private final String key;
  private final JsonNode spec;
  private final IntToDoubleFunction function;

  private FloatSchedule(String key, JsonNode spec, IntToDoubleFunction function) {
    this.key = key;
    this.spec = spec.deepCopy();
    this.function = function;
  }

  /**
   * Parses the schedule at {@code strategy/<key>}.
   *
   * @throws ConfigException naming the key if {@code spec} is not a float schedule (a bare integer included)
   */
  public static FloatSchedule parse(String key, JsonNode spec) {
    try {
      return new FloatSchedule(key, spec, Schedules.floating(spec));
    } catch (ConfigException e) {
      throw new ConfigException("strategy/" + key + ": " + e.getMessage(), e);
    }
  }

  /** A constant schedule (for tests and programmatic use). */
  public static FloatSchedule constant(String key, double value) {
    return parse(key, DoubleNode.valueOf(value));
  }

  /** The value at period or stage {@code i}. */
  public double at(int i) {
    return function.applyAsDouble(i);
  }

  /** The setting's key, e.g. {@code warmup_rate}. */
  public String key() {
    return key;
  }

  /** The JSON form (a copy). */
  public JsonNode spec() {
    return spec.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatSchedule other && key.equals(other.key) && spec.equals(other.spec);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + spec.hashCode();
  }

  @Override
  public String toString() {
    return key + "=" + spec;
  }
}
