package org.l2o.strategies;

import org.l2o.core.json.ConfigException;
import org.l2o.core.json.ValueKind;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/**
 * Schedules of the strategy settings (spec §2.2), indexed by period (simple/repeat) or stage (curriculum).
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>a bare number: a constant. {@link #integer} takes only a JSON integer, {@link #floating} only a
 *       JSON float (e.g. {@code 0.0}, not {@code 0}); booleans are rejected. This is the original's rule.
 *   <li>{@code {"type": "constant", "value": v}};
 *   <li>{@code {"type": "list", "values": [..]}}: {@code values[i]}, the last value past the end;
 *   <li>integer only: {@code {"type": "geometric", "coefficient": c, "base": b}}: {@code c * b^i};
 *   <li>float only: {@code {"type": "exponential", "alpha": a, "base": b}} ({@code base} optional, 1.0):
 *       {@code b * exp(-|a| * i)}.
 * </ul>
 *
 * <p>Inside a dict, an integer schedule needs integers (a depth of 2.5 is meaningless; the original would
 * fail later), while a float schedule also takes integers, as the original does ({@code [1.0, 0, 0]}).
 * Unknown keys in a schedule dict are errors. Invalid input always throws {@link ConfigException} naming
 * what was given (the original <em>returned</em> a ValueError object for an unknown type: a bug, fixed).
 * The returned functions throw {@link IllegalArgumentException} for a negative index and
 * {@link ArithmeticException} if a geometric schedule overflows an int.
 */
public final class Schedules {
  private Schedules() {}

  /**
   * An integer schedule, e.g. depth or warmup.
   *
   * @param spec a JSON integer or a constant / list / geometric schedule dict
   * @return i -> value at period or stage i (i >= 0)
   * @throws ConfigException if {@code spec} is not a valid integer schedule
   */
  public static IntUnaryOperator integer(JsonNode spec) {
    if (spec != null && spec.isIntegralNumber()) {
      int value = intValue(spec, "integer schedule");
      return i -> checkIndex(i, value);
    }
    if (spec == null || !spec.isObject()) {
      throw new ConfigException("integer schedule must be an integer or a schedule dict "
          + "{\"type\": \"constant\" | \"list\" | \"geometric\", ...}, got " + ValueKind.describe(spec));
    }
    String type = type(spec, "integer", Set.of("constant", "list", "geometric"));
    switch (type) {
      case "constant" -> {
        keys(spec, "integer", "value");
        int value = intValue(required(spec, "value", "integer"), "integer schedule 'value'");
        return i -> checkIndex(i, value);
      }
      case "list" -> {
        keys(spec, "integer", "values");
        List<JsonNode> raw = values(spec, "integer");
        int[] values = new int[raw.size()];
        for (int k = 0; k < values.length; k++) {
          values[k] = intValue(raw.get(k), "integer schedule 'values'[" + k + "]");
        }
        return i -> checkIndex(i, values[Math.min(i, values.length - 1)]);
      }
      default -> {
        keys(spec, "integer", "coefficient", "base");
        int coefficient = intValue(required(spec, "coefficient", "integer"), "geometric 'coefficient'");
        int base = intValue(required(spec, "base", "integer"), "geometric 'base'");
        return i -> {
          checkIndex(i, 0);
          int value = coefficient;
          for (int k = 0; k < i; k++) {
            value = Math.multiplyExact(value, base);
          }
          return value;
        };
      }
    }
  }

  /**
   * A float schedule, e.g. the imitation weight {@code annealing_schedule} or {@code warmup_rate}.
   *
   * @param spec a JSON float or a constant / list / exponential schedule dict
   * @return i -> value at period or stage i (i >= 0)
   * @throws ConfigException if {@code spec} is not a valid float schedule (a bare integer included)
   */
  public static IntToDoubleFunction floating(JsonNode spec) {
    if (spec != null && spec.isFloatingPointNumber()) {
      double value = spec.doubleValue();
      return i -> checkIndex(i, value);
    }
    if (spec != null && spec.isIntegralNumber()) {
      throw new ConfigException("float schedule must be a float (write " + spec + ".0) or a schedule dict, "
          + "got " + ValueKind.describe(spec));
    }
    if (spec == null || !spec.isObject()) {
      throw new ConfigException("float schedule must be a float or a schedule dict "
          + "{\"type\": \"constant\" | \"list\" | \"exponential\", ...}, got " + ValueKind.describe(spec));
    }
    String type = type(spec, "float", Set.of("constant", "list", "exponential"));
    switch (type) {
      case "constant" -> {
        keys(spec, "float", "value");
        double value = number(required(spec, "value", "float"), "float schedule 'value'");
        return i -> checkIndex(i, value);
      }
      case "list" -> {
        keys(spec, "float", "values");
        List<JsonNode> raw = values(spec, "float");
        double[] values = new double[raw.size()];
        for (int k = 0; k < values.length; k++) {
          values[k] = number(raw.get(k), "float schedule 'values'[" + k + "]");
        }
        return i -> checkIndex(i, values[Math.min(i, values.length - 1)]);
      }
      default -> {
        keys(spec, "float", "alpha", "base");
        double alpha = Math.abs(number(required(spec, "alpha", "float"), "exponential 'alpha'"));
        double base = spec.has("base") ? number(spec.get("base"), "exponential 'base'") : 1.0;
        return i -> checkIndex(i, base * Math.exp(-alpha * i));
      }
    }
  }

  private static String type(JsonNode spec, String kind, Set<String> valid) {
    JsonNode type = spec.get("type");
    if (type == null || !type.isTextual() || !valid.contains(type.asText())) {
      throw new ConfigException(kind + " schedule type must be one of " + valid.stream().sorted().toList()
          + ", got " + (type == null ? "no \"type\"" : ValueKind.describe(type)) + " in " + spec);
    }
    return type.asText();
  }

  private static void keys(JsonNode spec, String kind, String... allowed) {
    List<String> allowedKeys = new ArrayList<>(List.of(allowed));
    allowedKeys.add("type");
    spec.properties().forEach(e -> {
      if (!allowedKeys.contains(e.getKey())) {
        throw new ConfigException(kind + " schedule " + spec + " has unknown key '" + e.getKey()
            + "'; allowed: " + allowedKeys);
      }
    });
  }

  private static JsonNode required(JsonNode spec, String key, String kind) {
    JsonNode v = spec.get(key);
    if (v == null) {
      throw new ConfigException(kind + " schedule " + spec + " lacks \"" + key + "\"");
    }
    return v;
  }

  private static List<JsonNode> values(JsonNode spec, String kind) {
    JsonNode values = required(spec, "values", kind);
    if (!values.isArray() || values.isEmpty()) {
      throw new ConfigException(kind + " schedule \"values\" must be a non-empty list, got "
          + ValueKind.describe(values));
    }
    List<JsonNode> out = new ArrayList<>();
    values.forEach(out::add);
    return out;
  }

  private static int intValue(JsonNode v, String what) {
    if (!v.isIntegralNumber()) {
      throw new ConfigException(what + " must be an integer, got " + ValueKind.describe(v));
    }
    if (!v.canConvertToInt()) {
      throw new ConfigException(what + " is out of the int range: " + v);
    }
    return v.intValue();
  }

  private static double number(JsonNode v, String what) {
    if (!v.isNumber()) {
      throw new ConfigException(what + " must be a number, got " + ValueKind.describe(v));
    }
    return v.doubleValue();
  }

  private static int checkIndex(int i, int value) {
    if (i < 0) {
      throw new IllegalArgumentException("schedule index must be >= 0, got " + i);
    }
    return value;
  }

  private static double checkIndex(int i, double value) {
    if (i < 0) {
      throw new IllegalArgumentException("schedule index must be >= 0, got " + i);
    }
    return value;
  }
}
