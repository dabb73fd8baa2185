package org.l2o.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.function.IntFunction;
import org.l2o.core.json.ConfigException;

/**
 * A schedule of a strategy setting (spec §2.2): its key, its JSON form and the function it denotes, integer
 * ({@link #integer}: unroll_len, depth, epochs, warmup) or float ({@link #floating}: annealing_schedule,
 * warmup_rate). The forms each accepts are those of {@link Schedules}. Equality and the string form use the key
 * and the JSON form.
 *
 * @param <T> {@link Integer} or {@link Double}
 */
public final class Schedule<T extends Number> {
  private final String key;
  private final JsonNode spec;
  private final IntFunction<T> function;

  private Schedule(String key, JsonNode spec, IntFunction<T> function) {
    this.key = key;
    this.spec = spec.deepCopy();
    this.function = function;
  }

  /**
   * Parses the integer schedule at {@code strategy/<key>}.
   *
   * @throws ConfigException naming the key if {@code spec} is not an integer schedule
   */
  public static Schedule<Integer> integer(String key, JsonNode spec) {
    try {
      var f = Schedules.integer(spec);
      return new Schedule<>(key, spec, f::applyAsInt);
    } catch (ConfigException e) {
      throw named(key, e);
    }
  }

  /**
   * Parses the float schedule at {@code strategy/<key>}.
   *
   * @throws ConfigException naming the key if {@code spec} is not a float schedule (a bare integer included)
   */
  public static Schedule<Double> floating(String key, JsonNode spec) {
    try {
      var f = Schedules.floating(spec);
      return new Schedule<>(key, spec, f::applyAsDouble);
    } catch (ConfigException e) {
      throw named(key, e);
    }
  }

  /** A constant integer schedule (for tests and programmatic use). */
  public static Schedule<Integer> constant(String key, int value) {
    return integer(key, IntNode.valueOf(value));
  }

  /** A constant float schedule (for tests and programmatic use). */
  public static Schedule<Double> constant(String key, double value) {
    return floating(key, DoubleNode.valueOf(value));
  }

  private static ConfigException named(String key, ConfigException e) {
    return new ConfigException("strategy/" + key + ": " + e.getMessage(), e);
  }

  /**
   * The value at period or stage {@code i}.
   *
   * @throws IllegalArgumentException for a negative index
   * @throws ArithmeticException if a geometric schedule overflows an int
   */
  public T at(int i) {
    return function.apply(i);
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
    return o instanceof Schedule<?> other && key.equals(other.key) && spec.equals(other.spec);
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
