package org.l2o.experiment.config;

import org.l2o.core.json.Json;
import org.l2o.core.json.ConfigException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Presets as data: one JSON file per preset in a folder (the project's top-level {@code presets/}).
 *
 * <p>File format ({@code presets/<name>.json}):
 *
 * <pre>{@code
 * {
 *     "description": "one line",
 *     "overrides": [
 *         {"path": ["training", "teachers", "*"], "value": {"class_name": "SGD", "config": {...}}},
 *         {"path": ["strategy", "annealing_schedule"], "value": {"type": "list", "values": [0.2, 0.1]}}
 *     ]
 * }
 * }</pre>
 *
 * A last path element {@code "*"} appends to a list, as in the original's {@code config/presets.py}. Unknown
 * keys in the file are errors. Step callbacks are written as the original's class-name strings (e.g.
 * {@code "WhichTeacherCountCallback"}), exactly what the original's config.json holds.
 */
public final class Presets {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]*");
  private static final String SUFFIX = ".json";

  private Presets() {}

  /**
   * Loads one preset.
   *
   * @param presetsDir the folder holding {@code <name>.json} files
   * @param name the preset name
   * @throws ConfigException if there is no such preset (listing the available ones) or the file is malformed
   */
  public static Preset load(Path presetsDir, String name) {
    if (name == null || !NAME.matcher(name).matches() || name.endsWith(SUFFIX)) {
      throw new ConfigException("invalid preset name '" + name + "'; available presets: " + names(presetsDir));
    }
    Path file = presetsDir.resolve(name + SUFFIX);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("unknown preset '" + name + "' (no " + file + "); available presets: "
          + names(presetsDir));
    }
    return parse(name, Json.readObject(file, "preset"), file);
  }

  /**
   * All presets in a folder, sorted by name (each loaded and validated).
   *
   * @throws ConfigException if the folder cannot be listed or a file is malformed
   */
  public static List<Preset> list(Path presetsDir) {
    List<Preset> out = new ArrayList<>();
    for (String name : names(presetsDir)) {
      out.add(load(presetsDir, name));
    }
    return out;
  }

  /** The preset names in a folder, sorted. */
  public static List<String> names(Path presetsDir) {
    if (!Files.isDirectory(presetsDir)) {
      throw new ConfigException("presets folder not found: " + presetsDir);
    }
    try (Stream<Path> files = Files.list(presetsDir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(SUFFIX))
          .map(f -> f.substring(0, f.length() - SUFFIX.length()))
          .filter(n -> NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConfigException("cannot list presets folder " + presetsDir + ": " + e.getMessage(), e);
    }
  }

  private static Preset parse(String name, ObjectNode root, Path file) {
    onlyKeys(root, Set.of("description", "overrides"), file, "preset");
    JsonNode description = root.get("description");
    if (description == null || !description.isTextual() || description.asText().isBlank()
        || description.asText().contains("\n")) {
      throw new ConfigException("preset " + file + ": \"description\" must be a one-line string");
    }
    JsonNode overrides = root.get("overrides");
    if (overrides == null || !overrides.isArray()) {
      throw new ConfigException("preset " + file + ": \"overrides\" must be a list");
    }
    List<ConfigOverride> out = new ArrayList<>();
    for (int i = 0; i < overrides.size(); i++) {
      JsonNode entry = overrides.get(i);
      String where = "preset " + file + ", overrides[" + i + "]";
      if (!entry.isObject()) {
        throw new ConfigException(where + ": expected {\"path\": [...], \"value\": ...}, got " + entry);
      }
      onlyKeys((ObjectNode) entry, Set.of("path", "value"), file, "preset override [" + i + "] of");
      JsonNode path = entry.get("path");
      if (path == null || !path.isArray() || path.isEmpty()) {
        throw new ConfigException(where + ": \"path\" must be a non-empty list of strings");
      }
      List<String> keys = new ArrayList<>();
      for (JsonNode key : path) {
        if (!key.isTextual()) {
          throw new ConfigException(where + ": path elements must be strings, got " + key);
        }
        keys.add(key.asText());
      }
      if (!entry.has("value")) {
        throw new ConfigException(where + ": missing \"value\" (use null for None)");
      }
      try {
        out.add(ConfigOverride.of(keys, entry.get("value")));
      } catch (ConfigException e) {
        throw new ConfigException(where + ": " + e.getMessage(), e);
      }
    }
    return new Preset(name, description.asText(), out);
  }

  private static void onlyKeys(ObjectNode node, Set<String> allowed, Path file, String what) {
    node.properties().forEach(e -> {
      if (!allowed.contains(e.getKey())) {
        throw new ConfigException(what + " " + file + ": unknown key \"" + e.getKey() + "\"; allowed: "
            + allowed.stream().sorted().toList());
      }
    });
  }
}
