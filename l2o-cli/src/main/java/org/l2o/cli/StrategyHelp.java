package org.l2o.cli;

import org.l2o.strategies.Schedules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.experiment.config.Configs;

/**
 * The strategy options of {@code l2o train --help}, generated from the default configs so the help text can
 * never disagree with the defaults actually used.
 */
final class StrategyHelp {
  private static final Map<String, String> MEANING = Map.ofEntries(
      Map.entry("num_periods", "periods (curriculum: minimum periods per stage before a stage may end, minus one)"),
      Map.entry("num_stages", "curriculum stages"),
      Map.entry("num_chances", "curriculum: a stage ends once this many periods passed without a new best"),
      Map.entry("unroll_len", "inner steps per truncation window (schedule)"),
      Map.entry("depth", "meta-steps per problem instance (schedule)"),
      Map.entry("epochs", "problem instances per period (schedule)"),
      Map.entry("annealing_schedule", "p_teacher, weight of the imitation loss (float schedule)"),
      Map.entry("validation_epochs", "validation problem instances (curriculum: unused, the next stage's epochs)"),
      Map.entry("validation_unroll", "validation unroll length"),
      Map.entry("validation_depth", "validation meta-steps per instance"),
      Map.entry("max_repeat", "most repeats of a period (0: unlimited)"),
      Map.entry("repeat_threshold", "repeat if validation > reference + |reference| * threshold"),
      Map.entry("warmup", "SGD warm-up windows per problem instance (schedule)"),
      Map.entry("warmup_rate", "SGD warm-up rate (float schedule)"),
      Map.entry("validation_warmup", "warm-up windows of validation and evaluation"),
      Map.entry("validation_warmup_rate", "warm-up rate of validation and evaluation"),
      Map.entry("validation_seed", "seed of validation (initial parameters, scaling, batches)"),
      Map.entry("validation_problems", "validation problems (null: the training problem)"),
      Map.entry("legacy_repeat_cap", "curriculum: cap repeats on the best attempt, as the original (bug)"),
      Map.entry("name", "strategy name"));

  private StrategyHelp() {}

  /** Lines of the help section: one per strategy key with its default for simple / repeat / curriculum. */
  static List<String> lines() {
    List<JsonNode> dicts = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    for (String s : Configs.STRATEGIES) {
      JsonNode d = Configs.strategy(s).get("strategy");
      dicts.add(d);
      d.fieldNames().forEachRemaining(keys::add);
    }
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("Strategy options (set with --strategy/KEY=VALUE; '-' = not accepted by that strategy).");
    out.add("Schedules are a number or {'type': 'list', 'values': [...]}, 'constant', 'geometric' (integers) or");
    out.add("'exponential' (floats), indexed by period (simple, repeat) or stage (curriculum):");
    out.add(String.format("  %-24s %-14s %-14s %-22s %s", "key", "simple", "repeat", "curriculum", "meaning"));
    for (String key : keys) {
      StringBuilder row = new StringBuilder(String.format("  %-24s", key));
      int[] widths = {14, 14, 22};
      for (int i = 0; i < dicts.size(); i++) {
        JsonNode v = dicts.get(i).get(key);
        String text = v == null ? "-" : v.isTextual() ? v.asText() : v.toString();
        row.append(' ').append(String.format("%-" + widths[i] + "s", text));
      }
      row.append(' ').append(MEANING.getOrDefault(key, ""));
      out.add(row.toString());
    }
    return out;
  }
}
