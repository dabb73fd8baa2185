package org.l2o.experiment.config;

import org.l2o.core.json.Json;
import org.l2o.core.json.ConfigException;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One config override: set the value at {@code path}, or append it to the list at {@code path}.
 *
 * <p>On the command line an override is {@code --a/b/c=value}; a trailing {@code *} path element
 * ({@code --training/teachers/*=...}) means "append to the list at a/b". In this record the {@code *} is
 * not part of {@link #path()}: it is {@link #append()} = true. In preset files the path is written with
 * the {@code *}, as in the original ({@code ["training", "teachers", "*"]}); use {@link #of(List, JsonNode)}.
 *
 * <p>(Named {@code ConfigOverride}, not {@code Override}, so that importing it does not shadow the
 * {@code @Override} annotation.)
 *
 * @param path   the keys from the config root to the target (list indices as decimal strings), non-empty
 * @param value  the new value (JSON null for Python {@code None})
 * @param append true to append {@code value} to the list at {@code path} instead of replacing it
 */
public record ConfigOverride(List<String> path, JsonNode value, boolean append) {
  /** The path element that means "append to this list". */
  public static final String APPEND = "*";

  /** Validates the path (non-empty, no empty or {@code *} elements) and copies it. */
  public ConfigOverride {
    Objects.requireNonNull(path, "path");
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new ConfigException("override path is empty");
    }
    for (String key : path) {
      if (key.isEmpty()) {
        throw new ConfigException("override path " + String.join("/", path) + " has an empty element");
      }
      if (key.equals(APPEND)) {
        throw new ConfigException(
            "override path " + String.join("/", path) + ": '*' (append) may only be the last element");
      }
    }
    value = value == null ? Json.nodes().nullNode() : value;
  }

  /**
   * An override from a path written as in the original, where a last element {@code *} means append.
   *
   * @param rawPath e.g. {@code ["training", "teachers", "*"]} or {@code ["policy", "layers"]}
   * @param value the value (null means JSON null)
   */
  public static ConfigOverride of(List<String> rawPath, JsonNode value) {
    Objects.requireNonNull(rawPath, "path");
    if (!rawPath.isEmpty() && APPEND.equals(rawPath.get(rawPath.size() - 1))) {
      if (rawPath.size() == 1) {
        throw new ConfigException("override path '*' appends to nothing: name the list before the '*'");
      }
      return new ConfigOverride(rawPath.subList(0, rawPath.size() - 1), value, true);
    }
    return new ConfigOverride(rawPath, value, false);
  }

  /** The path as the original writes it: elements joined with {@code /}, with {@code /*} when appending. */
  public String pathString() {
    return String.join("/", rawPath());
  }

  /** The path including the trailing {@code *} when appending (the preset-file form). */
  public List<String> rawPath() {
    if (!append) {
      return path;
    }
    List<String> raw = new ArrayList<>(path);
    raw.add(APPEND);
    return List.copyOf(raw);
  }

  /** The command-line form, {@code --path=json-value}. */
  @Override
  public String toString() {
    return "--" + pathString() + "=" + value;
  }
}
