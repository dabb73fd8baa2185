package org.l2o.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.core.json.ConfigException;
import org.l2o.core.train.PeriodArgs;

/**
 * Parses a {@link Strategy} from a config: {@code strategy_constructor} picks the kind and the {@code strategy}
 * dict holds its settings, with the original's keys (spec §2.1, §6, §17).
 *
 * <p>Keys: every strategy takes {@code validation_seed}, {@code num_periods}, the schedules {@code unroll_len},
 * {@code depth}, {@code epochs}, {@code warmup} (integer) and {@code annealing_schedule}, {@code warmup_rate}
 * (float), and {@code validation_epochs}; {@code name} (a string, ignored) and {@code validation_problems} (must
 * be null) are optional.
 * <ul>
 *   <li>simple adds {@code validation_unroll}, {@code validation_depth}, {@code validation_warmup},
 *       {@code validation_warmup_rate}, and rejects {@code max_repeat} / {@code repeat_threshold};
 *   <li>repeat adds those four and {@code max_repeat}, {@code repeat_threshold};
 *   <li>curriculum adds {@code num_stages}, {@code num_chances}, {@code max_repeat}, {@code repeat_threshold}
 *       and the optional {@code legacy_repeat_cap} (boolean, default false), and rejects the four
 *       {@code validation_*} keys above, since its validation uses the next stage's settings.
 * </ul>
 * Every other key is an error naming it; so is a missing key, a wrong kind of value, or a schedule value out of
 * range over the periods or stages the strategy will use.
 */
public final class Strategies {
  /** Name of the curriculum's flag that reproduces the original's repeat cap (spec §6.3 [BUG]). */
  public static final String LEGACY_REPEAT_CAP = "legacy_repeat_cap";

  private static final List<String> COMMON = List.of("validation_seed", "num_periods", "unroll_len", "depth",
      "epochs", "annealing_schedule", "validation_epochs", "warmup", "warmup_rate");
  private static final List<String> VALIDATION = List.of("validation_unroll", "validation_depth",
      "validation_warmup", "validation_warmup_rate");
  private static final List<String> REPEAT = List.of("max_repeat", "repeat_threshold");
  private static final List<String> CURRICULUM = List.of("num_stages", "num_chances");
  private static final List<String> OPTIONAL = List.of("name", "validation_problems");

  /**
   * The most periods, stages, chances or repeats a strategy may name: every scheduled value of every period
   * is checked before training, and a run of more periods than this is not one anybody finishes.
   */
  public static final int MAX_COUNT = 100_000;

  private Strategies() {}

  /**
   * The strategy of a full config ({@code strategy_constructor} and {@code strategy}).
   *
   * @throws ConfigException naming the key at fault
   */
  public static Strategy fromConfig(JsonNode config) {
    if (config == null || !config.isObject()) {
      throw new ConfigException("a config must be a JSON object");
    }
    JsonNode constructor = config.get("strategy_constructor");
    if (constructor == null || !constructor.isTextual()) {
      throw new ConfigException("strategy_constructor must be a string, got " + constructor);
    }
    return parse(StrategyKind.fromConstructorName(constructor.asText()), config.get("strategy"));
  }

  /**
   * The strategy of kind {@code kind} with the settings of a {@code strategy} dict.
   *
   * @throws ConfigException naming the key at fault
   */
  public static Strategy parse(StrategyKind kind, JsonNode strategy) {
    if (strategy == null || !strategy.isObject()) {
      throw new ConfigException("strategy must be a dict of " + kind.constructorName() + " settings, got "
          + strategy);
    }
    checkKeys(kind, strategy);
    checkValidationProblems(strategy);
    JsonNode name = strategy.get("name");
    if (name != null && !name.isTextual()) {
      throw new ConfigException("strategy/name must be a string, got " + name);
    }
    long seed = longValue(strategy, "validation_seed");
    TrainingSchedules schedules = new TrainingSchedules(
        Schedule.integer("unroll_len", strategy.get("unroll_len")),
        Schedule.integer("depth", strategy.get("depth")),
        Schedule.integer("epochs", strategy.get("epochs")),
        Schedule.floating("annealing_schedule", strategy.get("annealing_schedule")),
        Schedule.integer("warmup", strategy.get("warmup")),
        Schedule.floating("warmup_rate", strategy.get("warmup_rate")));
    int numPeriods = count(strategy, "num_periods");
    return switch (kind) {
      case SIMPLE -> new SimpleStrategy(numPeriods, schedules, validation(strategy), seed);
      case REPEAT -> new RepeatStrategy(numPeriods, schedules, validation(strategy), count(strategy, "max_repeat"),
          doubleValue(strategy, "repeat_threshold"), seed);
      case CURRICULUM -> new CurriculumStrategy(count(strategy, "num_stages"), numPeriods,
          count(strategy, "num_chances"), schedules, atLeast(strategy, "validation_epochs", 1),
          count(strategy, "max_repeat"), doubleValue(strategy, "repeat_threshold"), legacyCap(strategy), seed);
    };
  }

  /** The keys of a kind's strategy dict that must be present. */
  public static Set<String> requiredKeys(StrategyKind kind) {
    Set<String> keys = new LinkedHashSet<>(COMMON);
    switch (kind) {
      case SIMPLE -> keys.addAll(VALIDATION);
      case REPEAT -> {
        keys.addAll(VALIDATION);
        keys.addAll(REPEAT);
      }
      case CURRICULUM -> {
        keys.addAll(CURRICULUM);
        keys.addAll(REPEAT);
      }
    }
    return keys;
  }

  /** The keys of a kind's strategy dict that may be absent. */
  public static Set<String> optionalKeys(StrategyKind kind) {
    Set<String> keys = new LinkedHashSet<>(OPTIONAL);
    if (kind == StrategyKind.CURRICULUM) {
      keys.add(LEGACY_REPEAT_CAP);
    }
    return keys;
  }

  /**
   * max_repeat >= 0 (0 = unlimited); repeat_threshold finite. A negative threshold is legal, as in the original:
   * it demands an improvement (repeat unless validation < reference - |reference| * |threshold|).
   */
  static void checkRepeatSettings(int maxRepeat, double repeatThreshold) {
    if (maxRepeat < 0) {
      throw new ConfigException("strategy/max_repeat must be >= 0 (0 = unlimited), got " + maxRepeat);
    }
    if (!Double.isFinite(repeatThreshold)) {
      throw new ConfigException("strategy/repeat_threshold must be a finite number, got " + repeatThreshold);
    }
  }

  private static void checkKeys(StrategyKind kind, JsonNode strategy) {
    Set<String> required = requiredKeys(kind);
    Set<String> optional = optionalKeys(kind);
    for (Map.Entry<String, JsonNode> entry : strategy.properties()) {
      String key = entry.getKey();
      if (required.contains(key) || optional.contains(key)) {
        continue;
      }
      if (kind == StrategyKind.SIMPLE && REPEAT.contains(key)) {
        throw new ConfigException("strategy/" + key + " is not a setting of the simple strategy: it never repeats "
            + "a period (spec §6.4); remove it, or use --strategy=repeat (the debug preset is for repeat only)");
      }
      if (kind == StrategyKind.CURRICULUM && VALIDATION.contains(key)) {
        throw new ConfigException("strategy/" + key + " is not a setting of the curriculum strategy: stage s "
            + "validates with the settings of stage s+1 (spec §6.3); remove it (the debug preset is for "
            + "--strategy=repeat only)");
      }
      List<String> allowed = new ArrayList<>(required);
      allowed.addAll(optional);
      throw new ConfigException("unknown key strategy/" + key + " for " + kind.constructorName() + "; the keys are "
          + allowed);
    }
    for (String key : required) {
      if (!strategy.has(key)) {
        throw new ConfigException("strategy/" + key + " is missing; " + kind.constructorName() + " needs "
            + required);
      }
    }
  }

  private static void checkValidationProblems(JsonNode strategy) {
    JsonNode v = strategy.get("validation_problems");
    if (v != null && !v.isNull()) {
      throw new ConfigException("strategy/validation_problems is not supported yet: it must be null (validation "
          + "runs on the training problems), got " + v);
    }
  }

  private static ValidationSettings validation(JsonNode strategy) {
    ValidationSettings v = new ValidationSettings(atLeast(strategy, "validation_unroll", 1),
        atLeast(strategy, "validation_depth", 1), atLeast(strategy, "validation_epochs", 1),
        atLeast(strategy, "validation_warmup", 0), finite(strategy, "validation_warmup_rate"));
    String limit = PeriodArgs.exceededLimit(v.unrollLen(), v.depth(), v.epochs(), v.warmup());
    if (limit != null) {
      throw new ConfigException("strategy/validation_unroll, validation_depth, validation_epochs, "
          + "validation_warmup: " + limit);
    }
    return v;
  }

  /**
   * A count of periods, stages, chances or repeats: an integer at most {@link #MAX_COUNT} (its lower bound is
   * the strategy's own check).
   */
  private static int count(JsonNode strategy, String key) {
    int v = intValue(strategy, key);
    if (v > MAX_COUNT) {
      throw new ConfigException("strategy/" + key + " must be at most " + MAX_COUNT + ", got " + v);
    }
    return v;
  }

  private static boolean legacyCap(JsonNode strategy) {
    JsonNode v = strategy.get(LEGACY_REPEAT_CAP);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new ConfigException("strategy/" + LEGACY_REPEAT_CAP + " must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  private static int intValue(JsonNode strategy, String key) {
    JsonNode v = strategy.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new ConfigException("strategy/" + key + " must be an integer, got " + v);
    }
    return v.intValue();
  }

  private static int atLeast(JsonNode strategy, String key, int min) {
    int v = intValue(strategy, key);
    if (v < min) {
      throw new ConfigException("strategy/" + key + " must be >= " + min + ", got " + v);
    }
    return v;
  }

  private static long longValue(JsonNode strategy, String key) {
    JsonNode v = strategy.get(key);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ConfigException("strategy/" + key + " must be an integer, got " + v);
    }
    return v.longValue();
  }

  private static double doubleValue(JsonNode strategy, String key) {
    JsonNode v = strategy.get(key);
    if (!v.isNumber()) {
      throw new ConfigException("strategy/" + key + " must be a number, got " + v);
    }
    return v.doubleValue();
  }

  private static double finite(JsonNode strategy, String key) {
    double v = doubleValue(strategy, key);
    if (!Double.isFinite(v)) {
      throw new ConfigException("strategy/" + key + " must be finite, got " + v);
    }
    return v;
  }
}
