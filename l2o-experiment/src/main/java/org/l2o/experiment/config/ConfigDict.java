package org.l2o.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.core.json.ValueKind;

/**
 * Reads one dict of a config, each key once, and refuses the keys nobody asked for. Every getter names the
 * key it reads; {@link #done()} then throws for any key of the dict that was not read, naming its full path
 * (e.g. {@code optimizer/config/amsgrad}) and the accepted keys. All errors are {@link ConfigException}s naming
 * the path, so a bad setting is reported as {@code training/loss_reduce: ...} wherever it is read.
 */
public final class ConfigDict {
  private final String path;
  private final JsonNode node;
  private final Set<String> accepted = new LinkedHashSet<>();

  private ConfigDict(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  /**
   * A reader of the dict at {@code path} (empty for the config root).
   *
   * @throws ConfigException if {@code node} is not a dict
   */
  public static ConfigDict of(String path, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ConfigException((path.isEmpty() ? "the config" : path) + " must be a dict, got "
          + ValueKind.describe(node));
    }
    return new ConfigDict(path, node);
  }

  /** The path of a key of this dict, e.g. {@code training/epsilon}. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "/" + key;
  }

  /** Whether the dict has {@code key} (marks the key as accepted). */
  public boolean has(String key) {
    accepted.add(key);
    return node.has(key);
  }

  /** The raw value of a required key. */
  public JsonNode node(String key) {
    accepted.add(key);
    JsonNode v = node.get(key);
    if (v == null) {
      throw new ConfigException(path(key) + " is missing");
    }
    return v;
  }

  /** A required nested dict. */
  public ConfigDict dict(String key) {
    return of(path(key), node(key));
  }

  /** A nested dict that may be absent (then it reads as empty). */
  public ConfigDict optionalDict(String key) {
    return has(key) ? dict(key) : of(path(key), Json.nodes().objectNode());
  }

  /** A required boolean. */
  public boolean bool(String key) {
    JsonNode v = node(key);
    if (!v.isBoolean()) {
      throw wrong(key, "true or false", v);
    }
    return v.booleanValue();
  }

  /** A boolean that may be absent. */
  public boolean bool(String key, boolean fallback) {
    return has(key) ? bool(key) : fallback;
  }

  /** A required number (integer or float). */
  public double number(String key) {
    JsonNode v = node(key);
    if (!v.isNumber()) {
      throw wrong(key, "a number", v);
    }
    return v.doubleValue();
  }

  /** A number that may be absent. */
  public double number(String key, double fallback) {
    return has(key) ? number(key) : fallback;
  }

  /**
   * A whole number in {@code [min, max]} that may be absent.
   *
   * @throws ConfigException naming the key and the range if it is not one
   */
  public int integer(String key, int fallback, int min, int max) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode v = node(key);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw wrong(key, "a whole number between " + min + " and " + max, v);
    }
    return v.intValue();
  }

  /** A required string. */
  public String text(String key) {
    JsonNode v = node(key);
    if (!v.isTextual()) {
      throw wrong(key, "a string", v);
    }
    return v.textValue();
  }

  /** A required string that must be one of {@code choices}. */
  public String choice(String key, List<String> choices) {
    String v = text(key);
    if (!choices.contains(v)) {
      throw new ConfigException(path(key) + ": expected one of " + choices + ", got '" + v + "'");
    }
    return v;
  }

  /** A required list of strings. */
  public List<String> strings(String key) {
    JsonNode v = node(key);
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isTextual()) {
          throw wrong(key, "a list of strings", v);
        }
        out.add(e.textValue());
      }
      return List.copyOf(out);
    }
    throw wrong(key, "a list of strings", v);
  }

  /** A list of strings that may be absent (then empty). */
  public List<String> optionalStrings(String key) {
    return has(key) ? strings(key) : List.of();
  }

  /** A required list, its elements raw. */
  public List<JsonNode> list(String key) {
    JsonNode v = node(key);
    if (!v.isArray()) {
      throw wrong(key, "a list", v);
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(out::add);
    return out;
  }

  /**
   * Refuses every key of the dict that no getter asked for.
   *
   * @throws ConfigException naming the first unknown key's path and the accepted keys
   */
  public void done() {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!accepted.contains(e.getKey())) {
        throw new ConfigException("unknown key " + path(e.getKey()) + " (not supported, and never silently "
            + "ignored); the accepted keys of " + (path.isEmpty() ? "the config" : path) + " are " + accepted);
      }
    }
  }

  private ConfigException wrong(String key, String expected, JsonNode v) {
    return new ConfigException(path(key) + " must be " + expected + ", got " + ValueKind.describe(v));
  }
}
