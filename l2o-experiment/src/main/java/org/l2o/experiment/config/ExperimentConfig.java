package org.l2o.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;

/**
 * The {@code config.json} of an experiment directory (spec §2.5): written once, then checked on every run.
 *
 * <p>Comparison rules (stricter than the original, which only looked up the new config's keys in the saved
 * one): keys missing on either side are differences; numbers compare by value, so {@code 1} equals
 * {@code 1.0} (whether an int or a float is allowed is decided when overrides are applied, see
 * {@link Overrides}; a file written by Python may also spell floats differently, e.g. 1e-10 vs 1.0E-10);
 * lists of different lengths are one difference at the list's path; all other values compare by JSON
 * equality, so a kind change (string vs number, null vs dict) is a difference.
 */
public final class ExperimentConfig {
  /** The file name inside the experiment directory. */
  public static final String FILE_NAME = "config.json";

  private ExperimentConfig() {}

  /**
   * Saves the config if the directory has none yet, otherwise checks that the saved one is the same.
   *
   * <p>Creation writes a temporary file in the same directory and renames it atomically into place, so a
   * crash never leaves a half-written config.json. An existing file is never overwritten.
   *
   * @param dir the experiment directory (created if missing)
   * @param config the config of this run
   * @return true if config.json was created, false if an identical one was already there
   * @throws ConfigMismatchException if the saved config differs (listing every difference)
   * @throws ConfigException if the file cannot be read, parsed or written
   */
  public static boolean createOrCheck(Path dir, ObjectNode config) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      if (writeNew(file, config)) {
        return true;
      }
    }
    List<ConfigDifference> differences = compare(load(dir), config);
    if (!differences.isEmpty()) {
      throw new ConfigMismatchException(file, differences);
    }
    return false;
  }

  /**
   * The check of {@link #createOrCheck} without the write: refuses a config that differs from the one the
   * directory already holds; a directory without config.json (or none at all) passes.
   *
   * @throws ConfigMismatchException if the saved config differs (listing every difference)
   * @throws ConfigException if the saved file cannot be read or parsed
   */
  public static void checkAgainstSaved(Path dir, ObjectNode config) {
    Path file = dir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      List<ConfigDifference> differences = compare(load(dir), config);
      if (!differences.isEmpty()) {
        throw new ConfigMismatchException(file, differences);
      }
    }
  }

  /**
   * Loads {@code dir/config.json}.
   *
   * @throws ConfigException if it is missing or malformed (message names the file, line and column)
   */
  public static ObjectNode load(Path dir) {
    return Json.readObject(dir.resolve(FILE_NAME), FILE_NAME);
  }

  /**
   * Every difference between a saved and a new config, in the new config's key order (then keys only the
   * saved one has).
   */
  public static List<ConfigDifference> compare(JsonNode saved, JsonNode current) {
    List<ConfigDifference> out = new ArrayList<>();
    compare("", saved, current, out);
    return out;
  }

  private static void compare(String path, JsonNode saved, JsonNode current, List<ConfigDifference> out) {
    if (saved.isObject() && current.isObject()) {
      for (Map.Entry<String, JsonNode> e : current.properties()) {
        JsonNode other = saved.get(e.getKey());
        String sub = join(path, e.getKey());
        if (other == null) {
          out.add(new ConfigDifference(sub, null, e.getValue()));
        } else {
          compare(sub, other, e.getValue(), out);
        }
      }
      for (Map.Entry<String, JsonNode> e : saved.properties()) {
        if (!current.has(e.getKey())) {
          out.add(new ConfigDifference(join(path, e.getKey()), e.getValue(), null));
        }
      }
    } else if (saved.isArray() && current.isArray() && saved.size() == current.size()) {
      for (int i = 0; i < saved.size(); i++) {
        compare(join(path, Integer.toString(i)), saved.get(i), current.get(i), out);
      }
    } else if (saved.isNumber() && current.isNumber()) {
      if (saved.decimalValue().compareTo(current.decimalValue()) != 0) {
        out.add(new ConfigDifference(display(path), saved, current));
      }
    } else if (!saved.equals(current)) {
      out.add(new ConfigDifference(display(path), saved, current));
    }
  }

  private static String display(String path) {
    return path.isEmpty() ? "<root>" : path;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "/" + key;
  }

  /** Writes atomically; returns false if another writer created the file first (then it gets checked). */
  private static boolean writeNew(Path file, ObjectNode config) {
    try {
      return AtomicFiles.createNew(file, Json.pretty(config) + "\n");
    } catch (IOException e) {
      throw new ConfigException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
