package org.l2o.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.core.train.LossWeighting;
import org.l2o.core.train.PeriodArgs;
import org.l2o.core.train.TeacherSpec;
import org.l2o.core.train.UnrollOptions;
import org.l2o.experiment.config.ConfigDict;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.strategies.Strategies;
import org.l2o.strategies.Strategy;
import org.l2o.strategies.StrategyKind;
import org.l2o.strategies.run.StatsSelection;

/**
 * The typed description of a meta-training experiment, read from its resolved config (the original's keys,
 * spec §2) in one place: every key is read once, by {@link #of}, and every key nobody reads is refused, naming its
 * path and the accepted keys. The CLI, the strategy runner and the {@link ExperimentBuilder} use this instead of
 * walking the JSON.
 *
 * <p>The student policy stays in its config form ({@code policy_constructor}, {@code policy}): the policy
 * factories read it. The problem spec stays a plain map: {@link org.l2o.problems.ProblemRegistry} reads it.
 *
 * @param training          {@code training}
 * @param optimizer         {@code optimizer}
 * @param problems          the entries of {@code problems} (training problems, each run in turn every period,
 *                          spec §5.1), as plain maps and lists
 * @param strategy          {@code strategy_constructor} and {@code strategy}
 * @param stats             {@code training/mean_stats} and {@code training/stack_stats}
 * @param policyConstructor {@code policy_constructor}
 * @param policy            {@code policy} (a copy of the config's dict)
 */
public record Experiment(TrainingSettings training, OuterOptimizerSettings optimizer, List<Map<String, Object>> problems,
    Strategy strategy, StatsSelection stats, String policyConstructor, JsonNode policy) {

  /** Accepted {@code training/loss_reduce} values. */
  public static final List<String> LOSS_REDUCE = List.of("reduce_max", "reduce_mean");
  /** Accepted {@code training/unroll_weight} values. */
  public static final List<String> UNROLL_WEIGHT = List.of("mean", "sum", "final");
  /** The {@code class_name} of a teacher loaded from an experiment directory. */
  public static final String LOAD = "__load__";
  /** Supported {@code training/step_callbacks}. */
  public static final List<String> STEP_CALLBACKS = List.of("WhichTeacherCountCallback");

  public Experiment {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems: at least one training problem is needed");
    }
    problems = problems.stream()
        .map(p -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(p))).toList();
    policy = policy.deepCopy();
  }

  /** The first training problem ({@code problems/0}): the one of every paper experiment. */
  public Map<String, Object> problem() {
    return problems.get(0);
  }

  /**
   * Reads a full config.
   *
   * @throws ConfigException naming the path of the first key at fault (missing, wrong kind, unsupported value,
   *     or unknown)
   */
  public static Experiment of(JsonNode config) {
    ConfigDict root = ConfigDict.of("", config);
    ConfigDict t = root.dict("training");
    TrainingSettings training = training(t);
    StatsSelection stats = new StatsSelection(t.strings("mean_stats"), t.strings("stack_stats"));
    t.done();
    OuterOptimizerSettings optimizer = optimizer(root.dict("optimizer"));
    List<Map<String, Object>> problems = problems(root);
    Strategy strategy = Strategies.parse(StrategyKind.fromConstructorName(root.text("strategy_constructor")),
        root.node("strategy"));
    String policyConstructor = root.text("policy_constructor");
    JsonNode policy = root.node("policy");
    root.done();
    return new Experiment(training, optimizer, problems, strategy, stats, policyConstructor, policy);
  }

  private static TrainingSettings training(ConfigDict t) {
    List<TeacherSource> teachers = teachers(t);
    UnrollOptions.Reduce reduce = switch (t.choice("loss_reduce", LOSS_REDUCE)) {
      case "reduce_max" -> UnrollOptions.Reduce.MAX;
      default -> UnrollOptions.Reduce.MEAN;
    };
    UnrollOptions.UnrollWeight weight = switch (t.choice("unroll_weight", UNROLL_WEIGHT)) {
      case "mean" -> UnrollOptions.UnrollWeight.MEAN;
      case "sum" -> UnrollOptions.UnrollWeight.SUM;
      default -> UnrollOptions.UnrollWeight.FINAL;
    };
    UnrollOptions unroll = new UnrollOptions(
        t.bool("use_log_objective"),
        t.bool("scale_objective"),
        reduce, weight,
        t.number("epsilon"),
        t.number("huber_delta"),
        t.number("obj_train_max_multiplier"),
        // the original's flag scales the teachers' view; the engine's flag says they see the true values
        !t.bool("do_teacher_parameter_scale"),
        t.bool("second_order", true),
        false);
    LossWeighting lossWeighting;
    String ilMode = t.text("il_mode");
    try {
      lossWeighting = LossWeighting.parse(ilMode);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    double spread = t.number("parameter_scale_spread");
    ClippingSettings clipping = clipping(t.dict("gradient_clipping"));
    List<String> callbacks = t.optionalStrings("step_callbacks");
    for (String callback : callbacks) {
      if (!STEP_CALLBACKS.contains(callback)) {
        throw new ConfigException(t.path("step_callbacks") + ": " + callback + " is not supported yet (supported: "
            + String.join(", ", STEP_CALLBACKS) + ")");
      }
    }
    List<String> progress = t.optionalStrings("pbar_values");
    // absent from configs written before the key existed: those validations ran the teachers only to discard them
    boolean validationTeachers = t.bool("validation_teachers", false);
    // absent from configs written before the key existed: those ran whole windows
    int segmentLength = t.integer("segment_length", TrainingSettings.SEGMENT_LENGTH_WHEN_ABSENT, 0,
        PeriodArgs.MAX_UNROLL);
    return new TrainingSettings(teachers, unroll, lossWeighting, spread, clipping, callbacks, progress,
        validationTeachers, segmentLength);
  }

  private static List<TeacherSource> teachers(ConfigDict t) {
    List<JsonNode> list = t.list("teachers");
    List<TeacherSource> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = t.path("teachers") + "/" + i;
      JsonNode spec = list.get(i);
      if (!spec.isObject()) {
        throw new ConfigException(path + " must be a dict {class_name, config}, got " + spec);
      }
      if (LOAD.equals(spec.path("class_name").asText(""))) {
        out.add(loaded(path, spec));
        continue;
      }
      try {
        out.add(new TeacherSource.Analytical(path, TeacherSpec.of(AnalyticalRules.fromSpec(toMap(spec)))));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(path + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** A {@code {class_name: "__load__", directory: D, checkpoint: C}} spec; C is optional. */
  private static TeacherSource loaded(String path, JsonNode spec) {
    for (var it = spec.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!List.of("class_name", "directory", "checkpoint").contains(key)) {
        throw new ConfigException(path + ": unknown key '" + key + "' in a __load__ teacher; expected {class_name:"
            + " '__load__', directory: D, checkpoint: C (optional)}");
      }
    }
    JsonNode directory = spec.get("directory");
    if (directory == null || !directory.isTextual() || directory.asText().isBlank()) {
      throw new ConfigException(path + "/directory: a __load__ teacher needs the experiment directory as a string,"
          + " got " + directory);
    }
    JsonNode checkpoint = spec.get("checkpoint");
    if (checkpoint != null && !checkpoint.isNull() && !checkpoint.isTextual()) {
      throw new ConfigException(path + "/checkpoint: expected a checkpoint name such as 'period_4.0', got "
          + checkpoint);
    }
    Optional<String> name = checkpoint == null || checkpoint.isNull() ? Optional.empty()
        : Optional.of(checkpoint.asText());
    return new TeacherSource.Loaded(path, Path.of(directory.asText()), name);
  }

  private static ClippingSettings clipping(ConfigDict g) {
    String className = g.text("class_name");
    if (!"AdaptiveGC".equals(className)) {
      throw new ConfigException(g.path("class_name") + ": only AdaptiveGC is supported, got '" + className + "'");
    }
    ConfigDict c = g.optionalDict("config");
    ClippingSettings out = new ClippingSettings(
        c.number("clip_ratio", org.l2o.core.train.AdaptiveGradientClipping.DEFAULT_RATIO),
        c.number("epsilon", org.l2o.core.train.AdaptiveGradientClipping.DEFAULT_FLOOR));
    c.done();
    g.done();
    return out;
  }

  private static OuterOptimizerSettings optimizer(ConfigDict o) {
    String className = o.text("class_name");
    if (!"Adam".equals(className)) {
      throw new ConfigException(o.path("class_name") + ": only Adam is supported, got '" + className + "'");
    }
    ConfigDict c = o.optionalDict("config");
    OuterOptimizerSettings out = new OuterOptimizerSettings(
        c.number("learning_rate", org.l2o.core.train.OuterAdam.DEFAULT_LEARNING_RATE),
        c.number("beta_1", org.l2o.core.train.OuterAdam.DEFAULT_BETA_1),
        c.number("beta_2", org.l2o.core.train.OuterAdam.DEFAULT_BETA_2),
        c.number("epsilon", org.l2o.core.train.OuterAdam.DEFAULT_EPSILON));
    c.done();
    o.done();
    return out;
  }

  /** The most training problems of one config (each is a graph per worker, built at the start). */
  public static final int MAX_PROBLEMS = 100;

  private static List<Map<String, Object>> problems(ConfigDict root) {
    List<JsonNode> problems = root.list("problems");
    if (problems.isEmpty() || problems.size() > MAX_PROBLEMS) {
      throw new ConfigException(root.path("problems") + ": expected 1 to " + MAX_PROBLEMS + " training problems, got "
          + problems.size());
    }
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      if (!problems.get(i).isObject()) {
        throw new ConfigException(root.path("problems") + "/" + i + " must be a dict {target, args, kwargs}, got "
            + problems.get(i));
      }
      out.add(toMap(problems.get(i)));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode node) {
    return Json.mapper().convertValue(node, Map.class);
  }
}
