package org.l2o.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.tf.TfDevices;
import org.l2o.core.train.MetaLearner;
import org.l2o.core.train.ProblemSequenceLearner;
import org.l2o.core.train.MetaWorker;
import org.l2o.core.train.WorkerPool;
import org.l2o.perturbations.Perturbations;
import org.l2o.policies.registry.PolicyRegistry;
import org.l2o.problems.DatasetLoader;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;

/**
 * Builds the objects of a meta-training experiment from its typed description ({@link Experiment}, read from the
 * resolved config with the original's keys, spec §2): the training problem, the student policy and the learner.
 * What the project does not support yet is rejected with the config path and a clear message, never ignored;
 * {@link #check} does all of it before anything is written.
 */
public final class ExperimentBuilder {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Students whose weights a perturbation may act on (spec §8, §17: the RNNProp family). */
  private static final Set<String> PERTURBABLE = Set.of(PolicyRegistry.RNNPROP);
  /** A loader for checks: building a problem must not read its data. */
  private static final DatasetLoader NO_DATA = (name, split) -> {
    throw new IllegalStateException("checking a config must not load data (" + name + ")");
  };

  private ExperimentBuilder() {}

  /**
   * Reads and checks everything a run needs, without loading data or building a graph: the typed experiment
   * (every key, see {@link Experiment#of}), the training problem, the student policy and the teachers (loading those
   * of {@code __load__} specs from their experiment directories). Call it before anything
   * is written to the experiment directory, so that a refused setting leaves no config.json behind.
   *
   * @throws org.l2o.core.json.ConfigException or IllegalArgumentException naming the config path at fault
   */
  public static Experiment check(JsonNode config) {
    Experiment experiment = Experiment.of(config);
    problems(experiment, NO_DATA);
    perturbation(experiment);
    policy(config);
    experiment.training().resolveTeachers(); // a missing or incompatible teacher directory is refused here
    return experiment;
  }

  /** The first training problem ({@code problems/0}). */
  public static ImageClassifier problem(Experiment experiment, DatasetLoader loader) {
    return problems(experiment, loader).get(0);
  }

  /** Every training problem of {@code problems}, in order; errors name {@code problems/<i>}. */
  public static List<ImageClassifier> problems(Experiment experiment, DatasetLoader loader) {
    List<ImageClassifier> out = new ArrayList<>();
    for (int i = 0; i < experiment.problems().size(); i++) {
      try {
        out.add(ProblemRegistry.fromConfig(experiment.problems().get(i), loader));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("problems/" + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * The student policy from {@code policy_constructor} and {@code policy}, built by the policy registry.
   *
   * @throws IllegalArgumentException naming the key if the constructor is not a registered student (the message
   *     names the accepted ones) or a policy setting is refused
   */
  public static UpdateRule policy(JsonNode config) {
    String constructor = required(config, "policy_constructor").asText();
    return PolicyRegistry.defaults().student(constructor, toMap(required(config, "policy")));
  }

  /** The student policy of a typed experiment ({@code policy_constructor}, {@code policy}). */
  public static UpdateRule policy(Experiment experiment) {
    ObjectNode config = Json.nodes().objectNode();
    config.put("policy_constructor", experiment.policyConstructor());
    config.set("policy", experiment.policy());
    return policy(config);
  }

  /**
   * The perturbation of the student's weights in meta-training, from {@code policy/perturbation} (null: none).
   *
   * @throws ConfigException naming {@code policy/perturbation} for a malformed spec or a student that is not
   *     perturbable (only {@code RNNPropOptimizer} is)
   */
  public static Perturbation perturbation(Experiment experiment) {
    JsonNode spec = experiment.policy() == null ? null : experiment.policy().get("perturbation");
    if (spec == null || spec.isNull()) {
      return Perturbation.NONE;
    }
    Perturbation perturbation = Perturbations.fromConfig(MAPPER.convertValue(spec, Object.class));
    if (perturbation != Perturbation.NONE && !PERTURBABLE.contains(experiment.policyConstructor())) {
      throw new ConfigException(Perturbations.PATH + ": " + experiment.policyConstructor() + " is not perturbable;"
          + " weight perturbations act on " + PERTURBABLE + " only (spec §8); remove the perturbation preset or"
          + " set --" + Perturbations.PATH + "=None");
    }
    return perturbation;
  }

  /**
   * The complete learner of an experiment, with one worker.
   *
   * @param seed the run seed (initial weights; the periods' seeds come with their arguments)
   */
  public static MetaLearner learner(Experiment experiment, DatasetLoader loader, Long seed) {
    return learner(experiment, loader, seed, 1, 0);
  }

  /**
   * The complete learner of an experiment with {@code workers} workers (the original's replicas), each with its
   * own problem, policy and teacher objects (the loaded data is shared); worker r runs on
   * {@link TfDevices#workerDevice}{@code (r, gpus)}. One worker keeps TensorFlow's default placement.
   *
   * @param seed    the run seed (initial weights; the periods' seeds come with their arguments)
   * @param workers number of workers, at least 1
   * @param gpus    the GPUs the process sees (0: every worker on the CPU)
   */
  public static MetaLearner learner(Experiment experiment, DatasetLoader loader, Long seed, int workers, int gpus) {
    return learner(experiment, 0, loader, seed, workers, gpus);
  }

  /**
   * The learner of a training run: one {@link MetaLearner} per entry of {@code problems} (each as
   * {@link #learner(Experiment, DatasetLoader, Long, int, int)} for that problem), run in turn every period
   * (spec §5.1). With one problem it is exactly that problem's learner.
   */
  public static ProblemSequenceLearner trainingLearner(Experiment experiment, DatasetLoader loader, Long seed,
      int workers, int gpus) {
    List<MetaLearner> learners = new ArrayList<>();
    try {
      for (int i = 0; i < experiment.problems().size(); i++) {
        learners.add(learner(experiment, i, loader, seed, workers, gpus));
      }
    } catch (RuntimeException e) {
      learners.forEach(MetaLearner::close);
      throw e;
    }
    return new ProblemSequenceLearner(learners);
  }

  private static MetaLearner learner(Experiment experiment, int index, DatasetLoader loader, Long seed, int workers,
      int gpus) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
    TrainingSettings t = experiment.training();
    Perturbation perturbation = perturbation(experiment);
    List<MetaWorker> built = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (int r = 0; r < workers; r++) {
      ImageClassifier problem = problems(experiment, loader).get(index);
      built.add(new MetaWorker(problem, problem.trainData(), policy(experiment), t.resolveTeachers(),
          perturbation.transform(), t.unroll(), t.parameterScaleSpread(), t.segmentLength()));
      devices.add(TfDevices.workerDevice(r, gpus));
    }
    WorkerPool pool = workers == 1 ? WorkerPool.single(built.get(0)) : WorkerPool.of(built, devices);
    return new MetaLearner(pool, t.lossWeighting(), t.clipping().toClipping(), experiment.optimizer().toOuterAdam(),
        perturbation, seed, t.validationTeachers());
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
