package org.l2o.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.train.AdaptiveGradientClipping;
import org.l2o.core.train.LossWeighting;
import org.l2o.core.train.MetaLearner;
import org.l2o.core.train.MetaWorker;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.train.OuterAdam;
import org.l2o.core.train.TeacherSpec;
import org.l2o.core.train.UnrollOptions;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.l2o.problems.DatasetLoader;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;

/**
 * Builds the objects of a meta-training experiment from its resolved config (the original's keys, spec §2):
 * the training problem, the student policy, the teachers, the loss settings and the outer optimizer. What the
 * project does not support yet is rejected with the config path and a clear message, never ignored.
 */
public final class ExperimentBuilder {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ExperimentBuilder() {}

  /** The training problem: {@code problems} must hold exactly one problem spec. */
  public static ImageClassifier problem(JsonNode config, DatasetLoader loader) {
    JsonNode problems = required(config, "problems");
    if (!problems.isArray() || problems.size() != 1) {
      throw new IllegalArgumentException("problems: exactly one training problem is supported, got "
          + (problems.isArray() ? problems.size() : problems.getNodeType()));
    }
    return ProblemRegistry.fromConfig(toMap(problems.get(0)), loader);
  }

  /** The student policy from {@code policy_constructor} and {@code policy}. */
  public static UpdateRule policy(JsonNode config) {
    String constructor = required(config, "policy_constructor").asText();
    if (!"RNNPropOptimizer".equals(constructor)) {
      throw new IllegalArgumentException("policy_constructor: " + constructor
          + " is not supported yet as a student (supported: RNNPropOptimizer, i.e. --policy=rnnprop)");
    }
    return new RnnProp(RnnPropConfig.fromConfig(toMap(required(config, "policy"))));
  }

  /** The teachers of {@code training/teachers}, in order. */
  public static List<TeacherSpec> teachers(JsonNode config) {
    JsonNode list = required(required(config, "training"), "teachers");
    List<TeacherSpec> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode spec = list.get(i);
      String className = spec.path("class_name").asText("");
      if ("__load__".equals(className)) {
        throw new IllegalArgumentException("training/teachers/" + i + ": loading a trained policy as a teacher"
            + " (__load__) is not supported yet");
      }
      try {
        out.add(TeacherSpec.of(AnalyticalRules.fromSpec(toMap(spec))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("training/teachers/" + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The loss settings of {@code training}. */
  public static UnrollOptions unrollOptions(JsonNode config) {
    JsonNode t = required(config, "training");
    String reduce = required(t, "loss_reduce").asText();
    UnrollOptions.Reduce r = switch (reduce) {
      case "reduce_max" -> UnrollOptions.Reduce.MAX;
      case "reduce_mean" -> UnrollOptions.Reduce.MEAN;
      default -> throw new IllegalArgumentException("training/loss_reduce: expected reduce_max or reduce_mean, got " + reduce);
    };
    String weight = required(t, "unroll_weight").asText();
    UnrollOptions.UnrollWeight w = switch (weight) {
      case "mean" -> UnrollOptions.UnrollWeight.MEAN;
      case "sum" -> UnrollOptions.UnrollWeight.SUM;
      case "final" -> UnrollOptions.UnrollWeight.FINAL;
      default -> throw new IllegalArgumentException("training/unroll_weight: expected mean, sum or final, got " + weight);
    };
    for (JsonNode callback : t.path("step_callbacks")) {
      if (!"WhichTeacherCountCallback".equals(callback.asText())) {
        throw new IllegalArgumentException("training/step_callbacks: " + callback.asText() + " is not supported yet"
            + " (supported: WhichTeacherCountCallback)");
      }
    }
    return new UnrollOptions(
        required(t, "use_log_objective").asBoolean(),
        required(t, "scale_objective").asBoolean(),
        r, w,
        required(t, "epsilon").asDouble(),
        required(t, "huber_delta").asDouble(),
        required(t, "obj_train_max_multiplier").asDouble(),
        !required(t, "do_teacher_parameter_scale").asBoolean(),
        t.path("second_order").asBoolean(true),
        false);
  }

  /** The outer optimizer of {@code optimizer} (Keras Adam). */
  public static OuterAdam outerOptimizer(JsonNode config) {
    JsonNode o = required(config, "optimizer");
    if (!"Adam".equals(o.path("class_name").asText())) {
      throw new IllegalArgumentException("optimizer/class_name: only Adam is supported, got " + o.path("class_name"));
    }
    JsonNode c = o.path("config");
    return new OuterAdam(c.path("learning_rate").asDouble(OuterAdam.DEFAULT_LEARNING_RATE),
        c.path("beta_1").asDouble(OuterAdam.DEFAULT_BETA_1), c.path("beta_2").asDouble(OuterAdam.DEFAULT_BETA_2),
        c.path("epsilon").asDouble(OuterAdam.DEFAULT_EPSILON));
  }

  /** The meta-gradient clipping of {@code training/gradient_clipping}. */
  public static AdaptiveGradientClipping clipping(JsonNode config) {
    JsonNode g = required(required(config, "training"), "gradient_clipping");
    if (!"AdaptiveGC".equals(g.path("class_name").asText())) {
      throw new IllegalArgumentException("training/gradient_clipping: only AdaptiveGC is supported, got "
          + g.path("class_name"));
    }
    return new AdaptiveGradientClipping(g.path("config").path("clip_ratio").asDouble(AdaptiveGradientClipping.DEFAULT_RATIO),
        g.path("config").path("epsilon").asDouble(AdaptiveGradientClipping.DEFAULT_FLOOR));
  }

  /**
   * The complete learner of an experiment.
   *
   * @param seed seed of the training randomness, null for a fresh stream
   */
  public static MetaLearner learner(JsonNode config, DatasetLoader loader, Long seed) {
    JsonNode training = required(config, "training");
    ImageClassifier problem = problem(config, loader);
    Perturbation perturbation = Perturbation.NONE;
    MetaWorker worker = new MetaWorker(problem, problem.trainData(), policy(config), teachers(config),
        perturbation.transform(), unrollOptions(config), required(training, "parameter_scale_spread").asDouble());
    return new MetaLearner(worker, LossWeighting.parse(required(training, "il_mode").asText()), clipping(config),
        outerOptimizer(config), perturbation, seed);
  }

  private static JsonNode required(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null) {
      throw new IllegalArgumentException("config key '" + key + "' is missing");
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode node) {
    return MAPPER.convertValue(node, Map.class);
  }
}
