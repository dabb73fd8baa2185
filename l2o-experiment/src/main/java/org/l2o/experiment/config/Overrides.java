package org.l2o.experiment.config;

import org.l2o.core.json.ValueKind;
import org.l2o.strategies.Schedules;

import org.l2o.core.json.Json;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.PythonLiteral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses command-line overrides and applies overrides to a config, more strictly than the original.
 *
 * <h2>Syntax</h2>
 * Each token {@code --a/b/c=value} becomes a {@link ConfigOverride} with path {@code [a, b, c]} and the
 * value parsed by {@link PythonLiteral#parse}. The token is split at the first {@code =} only, so a
 * value may contain {@code =} (the original crashed on that). A bare {@code --a/b} gives null (None). A
 * trailing {@code *} element appends. Overrides keep argv order; a repeated path is applied twice, so
 * the last value wins for a set, while two appends both append (the original, keyed by a dict, kept
 * only the last append: a deliberate fix).
 *
 * <h2>Rules of {@link #apply}</h2>
 * The path is walked from the root: dict keys must exist; list indices are parsed as Python
 * {@code int(key)} (negative indices count from the end) and must be in range; the last element may
 * also be a list index (the original failed there). Then:
 *
 * <ul>
 *   <li><b>Unknown keys</b> are errors, except in an <em>open</em> dict, whose keys are free-form
 *       constructor arguments: the {@code config} dict of a {@code {"class_name": .., "config": {..}}} spec
 *       (outer optimizer, gradient clipping, teachers, pool members, perturbation) and the {@code kwargs}
 *       dict of a problem spec {@code {"target": .., "args": [..], "kwargs": {..}}}.
 *   <li><b>Replacing a value</b> requires the same kind as the value there now ({@link ValueKind}), with
 *       these exceptions: anything may replace null (e.g. {@code policy/perturbation} None -> dict); null
 *       may replace a dict (switch a spec off); an integer may replace a float (Python promotes ints);
 *       a float may replace an integer only at {@code training/huber_delta} and
 *       {@code training/obj_train_max_multiplier}, whose integer defaults (-1) are off-switches of real
 *       quantities. Elsewhere integers are counts or sizes that the original would reject as floats.
 *       Lists and dicts are replaced wholesale; their contents are not checked.
 *   <li><b>Schedules</b>: {@code strategy/unroll_len}, {@code depth}, {@code epochs}, {@code warmup}
 *       must be valid integer schedules and {@code strategy/annealing_schedule}, {@code warmup_rate} valid
 *       float schedules ({@link Schedules}), also when the whole {@code strategy} dict is replaced. So a
 *       bare number may replace a schedule dict and vice versa, but {@code annealing_schedule=0} (an int)
 *       is rejected, as the original would at run time.
 *   <li><b>Appending</b> needs a list; if its elements all have one kind, the new element must be
 *       compatible with that kind (an empty list takes anything, e.g. {@code training/teachers/*}).
 * </ul>
 * Errors are {@link ConfigException}s naming the full path and what was expected; a failed override
 * leaves the config unchanged.
 */
public final class Overrides {
  private static final Set<String> INTEGER_SCHEDULES = Set.of("unroll_len", "depth", "epochs", "warmup");
  private static final Set<String> FLOAT_SCHEDULES = Set.of("annealing_schedule", "warmup_rate");
  private static final Set<List<String>> REAL_VALUED_INTEGERS =
      Set.of(List.of("training", "huber_delta"), List.of("training", "obj_train_max_multiplier"));
  private static final Map<String, String> OPEN_DICTS = Map.of("config", "class_name", "kwargs", "target");

  private Overrides() {}

  /**
   * Parses override tokens in argv order.
   *
   * @param args tokens of the form {@code --path=value} or {@code --path}; the caller removes its own options first
   * @throws ConfigException for a token that does not start with {@code --} or has a malformed path
   */
  public static List<ConfigOverride> parseArgs(List<String> args) {
    List<ConfigOverride> out = new ArrayList<>(args.size());
    for (String token : args) {
      out.add(parseArg(token));
    }
    return out;
  }

  /** Parses one {@code --path=value} (or bare {@code --path}) token; see the class comment. */
  public static ConfigOverride parseArg(String token) {
    if (token == null || !token.startsWith("--") || token.length() == 2) {
      throw new ConfigException("not an override (expected --path/to/key=value): " + token);
    }
    int eq = token.indexOf('=');
    String key = eq < 0 ? token.substring(2) : token.substring(2, eq);
    JsonNode value = eq < 0 ? Json.nodes().nullNode() : PythonLiteral.parse(token.substring(eq + 1));
    if (key.isEmpty()) {
      throw new ConfigException("override has an empty path: " + token);
    }
    try {
      return ConfigOverride.of(Arrays.asList(key.split("/", -1)), value);
    } catch (ConfigException e) {
      throw new ConfigException("bad override " + token + ": " + e.getMessage(), e);
    }
  }

  /** Applies overrides in order; see {@link #apply}. */
  public static void applyAll(ObjectNode config, List<ConfigOverride> overrides) {
    for (ConfigOverride o : overrides) {
      apply(config, o);
    }
  }

  /**
   * Applies one override to {@code config} in place (a deep copy of the value is inserted).
   *
   * @throws ConfigException if the path does not exist or the value does not fit (see the class comment)
   */
  public static void apply(ObjectNode config, ConfigOverride o) {
    List<String> path = o.path();
    List<JsonNode> chain = new ArrayList<>(path.size() + 1); // chain.get(i) = node at path[0..i)
    chain.add(config);
    int walk = o.append() ? path.size() : path.size() - 1;
    for (int i = 0; i < walk; i++) {
      chain.add(child(o, chain.get(i), i));
    }
    JsonNode value = o.value().deepCopy();
    if (o.append()) {
      appendTo(o, chain.get(path.size()), value);
      return;
    }
    JsonNode container = chain.get(path.size() - 1);
    String key = path.get(path.size() - 1);
    if (container instanceof ObjectNode dict) {
      JsonNode existing = dict.get(key);
      if (existing == null) {
        if (!isOpen(chain, path)) {
          throw error(o, "unknown key '" + key + "' in " + where(path, path.size() - 1)
              + "; known keys: " + keys(dict) + hint(path, path.size() - 1));
        }
      } else {
        checkReplace(o, existing, value);
      }
      dict.set(key, value);
    } else if (container instanceof ArrayNode list) {
      int index = index(o, list, path.size() - 1);
      checkReplace(o, list.get(index), value);
      list.set(index, value);
    } else {
      throw error(o, where(path, path.size() - 1) + " is " + ValueKind.describe(container)
          + ", which has no key '" + key + "'");
    }
  }

  /** Why a well-known key may be missing: only the RNNProp student has a perturbation (spec §8, §17). */
  private static String hint(List<String> path, int i) {
    return i == 1 && "policy".equals(path.get(0)) && "perturbation".equals(path.get(1))
        ? " (this policy is not perturbable: weight perturbations act on the RNNProp student only)"
        : "";
  }

  private static JsonNode child(ConfigOverride o, JsonNode container, int i) {
    List<String> path = o.path();
    String key = path.get(i);
    if (container instanceof ObjectNode dict) {
      JsonNode next = dict.get(key);
      if (next == null) {
        throw error(o, "unknown key '" + key + "' in " + where(path, i) + "; known keys: " + keys(dict)
            + hint(path, i));
      }
      return next;
    }
    if (container instanceof ArrayNode list) {
      return list.get(index(o, list, i));
    }
    throw error(o, where(path, i) + " is " + ValueKind.describe(container)
        + ", which has no key '" + key + "'");
  }

  /** Python {@code int(key)} list indexing, negative indices from the end. */
  private static int index(ConfigOverride o, ArrayNode list, int i) {
    String key = o.path().get(i);
    int index;
    try {
      index = Integer.parseInt(key.strip());
    } catch (NumberFormatException e) {
      throw error(o, "'" + key + "' is not a list index; " + where(o.path(), i) + " is a list of length "
          + list.size());
    }
    int resolved = index < 0 ? index + list.size() : index;
    if (resolved < 0 || resolved >= list.size()) {
      throw error(o, "list index " + index + " out of range for " + where(o.path(), i)
          + " (length " + list.size() + ")");
    }
    return resolved;
  }

  private static void appendTo(ConfigOverride o, JsonNode target, JsonNode value) {
    if (!(target instanceof ArrayNode list)) {
      throw error(o, "cannot append: " + where(o.path(), o.path().size()) + " is "
          + ValueKind.describe(target) + ", expected a list");
    }
    ValueKind common = null;
    for (JsonNode element : list) {
      ValueKind kind = ValueKind.of(element);
      if (common != null && common != kind) {
        common = null; // mixed list: anything goes
        break;
      }
      common = kind;
    }
    if (common != null && !compatible(common, value, false)) {
      throw error(o, "cannot append " + ValueKind.describe(value) + " to " + where(o.path(), o.path().size())
          + ", a list of " + common.label() + " values");
    }
    list.add(value);
  }

  private static void checkReplace(ConfigOverride o, JsonNode existing, JsonNode value) {
    List<String> path = o.path();
    checkSchedules(o, value);
    if (path.size() == 2 && path.get(0).equals("strategy")
        && (INTEGER_SCHEDULES.contains(path.get(1)) || FLOAT_SCHEDULES.contains(path.get(1)))) {
      return; // validated as a schedule above
    }
    ValueKind expected = ValueKind.of(existing);
    if (!compatible(expected, value, REAL_VALUED_INTEGERS.contains(path))) {
      String hint = "";
      if (expected == ValueKind.INTEGER && ValueKind.of(value) == ValueKind.FLOAT) {
        hint = " (this key holds a count or size; write an integer)";
      } else if (expected == ValueKind.FLOAT && ValueKind.of(value) == ValueKind.STRING) {
        hint = " (floats are written like 0.5 or 1e-3)";
      } else if (ValueKind.of(value) == ValueKind.NULL) {
        hint = " (only a dict or null may be set to null)";
      }
      throw error(o, "expected " + expected.label() + " at " + String.join("/", path)
          + " (current value " + existing + "), got " + ValueKind.describe(value) + hint);
    }
  }

  /** Schedule keys of the strategy must parse as schedules, whether set one by one or as a whole dict. */
  private static void checkSchedules(ConfigOverride o, JsonNode value) {
    List<String> path = o.path();
    if (path.size() == 1 && path.get(0).equals("strategy") && value.isObject()) {
      value.properties().forEach(e -> checkSchedule(o, e.getKey(), e.getValue()));
    } else if (path.size() == 2 && path.get(0).equals("strategy")) {
      checkSchedule(o, path.get(1), value);
    }
  }

  private static void checkSchedule(ConfigOverride o, String key, JsonNode value) {
    try {
      if (INTEGER_SCHEDULES.contains(key)) {
        Schedules.integer(value);
      } else if (FLOAT_SCHEDULES.contains(key)) {
        Schedules.floating(value);
      }
    } catch (ConfigException e) {
      throw error(o, "strategy/" + key + " must be a schedule: " + e.getMessage());
    }
  }

  /** Whether a value of the given kind may take the place of one of kind {@code expected}. */
  private static boolean compatible(ValueKind expected, JsonNode value, boolean realValued) {
    ValueKind actual = ValueKind.of(value);
    return switch (expected) {
      case NULL -> true;
      case DICT -> actual == ValueKind.DICT || actual == ValueKind.NULL;
      case FLOAT -> actual == ValueKind.FLOAT || actual == ValueKind.INTEGER;
      case INTEGER -> actual == ValueKind.INTEGER || (realValued && actual == ValueKind.FLOAT);
      default -> actual == expected;
    };
  }

  /** A dict is open if it is the "config" of a class spec or the "kwargs" of a problem spec. */
  private static boolean isOpen(List<JsonNode> chain, List<String> path) {
    int depth = path.size() - 1; // chain.get(depth) is the dict that lacks the key
    if (depth < 1) {
      return false;
    }
    String role = OPEN_DICTS.get(path.get(depth - 1));
    JsonNode owner = chain.get(depth - 1);
    return role != null && owner.isObject() && owner.has(role);
  }

  private static String where(List<String> path, int length) {
    return length == 0 ? "the config root" : "'" + String.join("/", path.subList(0, length)) + "'";
  }

  private static String keys(ObjectNode dict) {
    List<String> names = dict.properties().stream().map(Map.Entry::getKey).toList();
    return names.isEmpty() ? "(none)" : String.join(", ", names);
  }

  private static ConfigException error(ConfigOverride o, String detail) {
    return new ConfigException("override " + o.pathString() + ": " + detail);
  }
}
