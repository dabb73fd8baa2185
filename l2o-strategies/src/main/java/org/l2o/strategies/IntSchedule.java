package org.l2o.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.function.IntUnaryOperator;
import org.l2o.core.json.ConfigException;
import org.l2o.strategies.Schedules;

/**
 * An integer schedule of a strategy setting (spec §2.2): its JSON form and the function it denotes. Equality
 * and the string form use the JSON form.
 */
public final class IntSchedule {
  private final String key;
  private final JsonNode spec;
  private final IntUnaryOperator function;

  private IntSchedule(String key, JsonNode spec, IntUnaryOperator function) {
    this.key = key;
    this.spec = spec.deepCopy();
    this.function = function;
  }

  /**
   * Parses the schedule at {@code strategy/<key>}.
   *
   * @throws ConfigException naming the key if {@code spec} is not an integer schedule
   */
  public static IntSchedule parse(String key, JsonNode spec) {
    try {
      return new IntSchedule(key, spec, Schedules.integer(spec));
    } catch (ConfigException e) {
      throw new ConfigException("strategy/" + key + ": " + e.getMessage(), e);
    }
  }

  /** A constant schedule (for tests and programmatic use). */
  public static IntSchedule constant(String key, int value) {
    return parse(key, IntNode.valueOf(value));
  }

  /** The value at period or stage {@code i}. */
  public int at(int i) {
    return function.applyAsInt(i);
  }

  /** The setting's key, e.g. {@code depth}. */
  public String key() {
    return key;
  }

  /** The JSON form (a copy). */
  public JsonNode spec() {
    return spec.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntSchedule other && key.equals(other.key) && spec.equals(other.spec);
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
