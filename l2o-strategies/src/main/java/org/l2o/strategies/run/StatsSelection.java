package org.l2o.strategies.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.l2o.core.json.ConfigException;

/**
 * Which period statistics an experiment records (the config's {@code training/mean_stats} and
 * {@code training/stack_stats}, spec §2.1): means as {@code summary.csv} columns, per meta-step arrays in
 * {@code log/<name>.npz}.
 *
 * @param meanStats  summary columns, in order; a subset of {@link #MEAN_STATS}
 * @param stackStats npz keys; a subset of {@link #STACK_STATS}; empty = no log file
 */
public record StatsSelection(List<String> meanStats, List<String> stackStats) {
  /** Supported mean statistics. */
  public static final List<String> MEAN_STATS = List.of("meta_loss", "imitation_loss");
  /** Supported stacked statistics ({@code teacher_loss}, of the log_losses preset, is not supported yet). */
  public static final List<String> STACK_STATS = List.of("meta_loss", "imitation_loss", "teacher_counts");

  /** BASE's selection: both losses, both ways. */
  public static final StatsSelection DEFAULT = new StatsSelection(MEAN_STATS, List.of("meta_loss", "imitation_loss"));

  /** Checks every name is supported and appears once. */
  public StatsSelection {
    meanStats = check("mean_stats", meanStats, MEAN_STATS);
    stackStats = check("stack_stats", stackStats, STACK_STATS);
  }

  /**
   * The selection of a full config.
   *
   * @throws ConfigException naming {@code training/mean_stats} or {@code training/stack_stats}
   */
  public static StatsSelection fromConfig(JsonNode config) {
    JsonNode training = config == null ? null : config.get("training");
    if (training == null || !training.isObject()) {
      throw new ConfigException("the config has no training dict");
    }
    return new StatsSelection(strings(training, "mean_stats"), strings(training, "stack_stats"));
  }

  private static List<String> strings(JsonNode training, String key) {
    JsonNode v = training.get(key);
    if (v == null || !v.isArray()) {
      throw new ConfigException("training/" + key + " must be a list of strings, got " + v);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new ConfigException("training/" + key + " must be a list of strings, got " + v);
      }
      out.add(e.asText());
    }
    return out;
  }

  private static List<String> check(String key, List<String> names, List<String> supported) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!supported.contains(n)) {
        throw new ConfigException("training/" + key + ": '" + n + "' is not supported yet; supported: " + supported);
      }
      if (!seen.add(n)) {
        throw new ConfigException("training/" + key + ": '" + n + "' is listed twice");
      }
    }
    return List.copyOf(names);
  }
}
