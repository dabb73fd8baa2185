package org.l2o.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.random.Seeds;
import org.l2o.core.train.AdaptiveGradientClipping;
import org.l2o.core.train.HostTensor;
import org.l2o.core.train.InstanceSeeds;
import org.l2o.core.train.LossWeighting;
import org.l2o.core.train.MetaLearner;
import org.l2o.core.train.MetaWorker;
import org.l2o.core.train.OuterAdam;
import org.l2o.core.train.PeriodArgs;
import org.l2o.core.train.PeriodResult;
import org.l2o.core.train.ProblemInstance;
import org.l2o.core.train.TeacherSpec;
import org.l2o.core.train.UnrollGraph;
import org.l2o.core.train.UnrollOptions;
import org.l2o.core.train.WindowGraph;
import org.l2o.core.train.WindowSampler;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.policies.registry.PolicyRegistry;
import org.l2o.problems.ImageClassifier;

/**
 * One benchmark configuration run through the engine's own {@link MetaWorker} and {@link MetaLearner}: the
 * RNNProp student with weights drawn from its initializers, the analytical teachers, and a fresh problem instance
 * (random parameter scaling exp(U(-3, 3)), initial parameters, trajectories) with one window of real training
 * data for every step. In TRAIN mode a step also clips the meta-gradient and applies the outer Adam, exactly as
 * meta-training does, so it is a whole meta-step apart from drawing the data.
 */
public final class MetaStepHarness implements AutoCloseable {

  /** The student's {@code policy_constructor}: RNNProp with the original's defaults. */
  public static final String STUDENT = PolicyRegistry.RNNPROP;
  /** Learning rate of both teachers (the paper's Adam and RMSProp teachers). */
  public static final double TEACHER_LEARNING_RATE = 0.005;
  /** Epsilon of both teachers. */
  public static final double TEACHER_EPSILON = 1e-10;

  private final MetaStepConfig config;
  private final MetaLearner learner;
  private final MetaWorker worker;
  private final WindowGraph graph;
  private final long seed;
  private final Perturbation perturbation;
  private final double buildSeconds;
  private int windows;
  private int nonFiniteWindows;

  /** A drawn problem instance and its window, ready to run. */
  public record Input(ProblemInstance instance, ProblemInstance.Window window) {}

  /**
   * Builds the graph (timed: {@link #buildSeconds()}) and opens its session.
   *
   * @param problem the optimizee; its training split is loaded here
   * @param config  what to build
   * @param seed    seed of the weights, windows, scalings and initial parameters
   */
  public MetaStepHarness(ImageClassifier problem, MetaStepConfig config, long seed) {
    this(problem, config, seed, Perturbation.NONE);
  }

  /**
   * As the other constructor, with the student's weights perturbed as meta-training does: noise at every use
   * inside every graph (forward-only windows included, as in validation), and in TRAIN windows the perturbation's
   * attack steps (extra unrolls with their backward pass) before the meta pass, all part of the timed step.
   */
  public MetaStepHarness(ImageClassifier problem, MetaStepConfig config, long seed, Perturbation perturbation) {
    this.config = config;
    this.seed = seed;
    this.perturbation = perturbation;
    WindowSampler.requireFits(problem.trainData(), problem.batchSize(), config.unroll()); // before the costly build
    UnrollOptions options = UnrollOptions.defaults().withSecondOrder(config.secondOrder());
    this.worker = new MetaWorker(problem, problem.trainData(),
        PolicyRegistry.defaults().student(STUDENT, Map.of()),
        teachers(config.teachers()), perturbation.transform(), options, MetaWorker.DEFAULT_SCALE_SPREAD,
        config.segmentLength());
    this.learner = new MetaLearner(worker, LossWeighting.parse("sum"), AdaptiveGradientClipping.defaults(),
        OuterAdam.withLearningRate(OuterAdam.DEFAULT_LEARNING_RATE), perturbation, seed);
    long t0 = System.nanoTime();
    this.graph = worker.graph(config.unroll(), config.mode());
    this.buildSeconds = (System.nanoTime() - t0) / 1e9;
  }

  /** The first {@code count} teachers of the benchmark: Adam, then RMSProp (lr 0.005, epsilon 1e-10). */
  public static List<TeacherSpec> teachers(int count) {
    Map<String, Object> hyper = Map.of("learning_rate", TEACHER_LEARNING_RATE, "epsilon", TEACHER_EPSILON);
    List<TeacherSpec> all = List.of(
        TeacherSpec.of(AnalyticalRules.fromSpec("Adam", hyper)),
        TeacherSpec.of(AnalyticalRules.fromSpec("RMSProp", hyper)));
    if (count < 0 || count > all.size()) {
      throw new IllegalArgumentException("teacher count must be 0.." + all.size() + ", got " + count);
    }
    return all.subList(0, count);
  }

  /** The configuration. */
  public MetaStepConfig config() {
    return config;
  }

  /** Seconds spent building the graph and opening its session. */
  public double buildSeconds() {
    return buildSeconds;
  }

  /** Number of operations in the unroll graph. */
  public long operationCount() {
    return graph.operationCount();
  }

  /** Windows so far whose meta loss or meta-gradient was not finite (their meta-gradient was not applied). */
  public int nonFiniteWindows() {
    return nonFiniteWindows;
  }

  /** Draws a fresh problem instance and its first window (host work only). */
  public Input nextInput() {
    ProblemInstance instance = worker.start(InstanceSeeds.training(Seeds.derive(seed, Seeds.PERIOD), windows++),
        config.unroll());
    return new Input(instance, worker.nextWindow(instance));
  }

  /**
   * Runs one window; in TRAIN mode also clips the meta-gradient and applies the outer Adam (skipped, as in
   * meta-training, when the loss or gradient is not finite).
   */
  public UnrollGraph.WindowOutput step(Input input) {
    float imitationWeight = config.teachers() > 0 ? 1f : 0f;
    Map<String, float[]> weights = learner.weights();
    Map<String, float[]> delta = perturbation.start(weights, config.isTrain(), new Random(windows));
    if (config.isTrain()) {
      // the attack steps of MetaLearner.run: probes of the same window at w + delta
      for (int a = 0; a < perturbation.attackSteps(); a++) {
        UnrollGraph.WindowOutput probe = worker.evaluate(input.instance(), input.window(), config.unroll(),
            config.mode(), fed(weights, delta), 1f, imitationWeight);
        delta = perturbation.ascend(weights, delta, probe.gradients());
      }
    }
    UnrollGraph.WindowOutput out = worker.evaluate(input.instance(), input.window(), config.unroll(), config.mode(),
        fed(weights, delta), 1f, imitationWeight);
    if (!out.finite()) {
      nonFiniteWindows++;
    } else if (config.isTrain()) {
      learner.apply(out.gradients());
    }
    return out;
  }

  private Map<String, HostTensor> fed(Map<String, float[]> weights, Map<String, float[]> delta) {
    Map<String, HostTensor> fed = new LinkedHashMap<>();
    for (WeightSpec spec : learner.student().weightSpecs()) {
      float[] w = weights.get(spec.name()).clone();
      float[] d = delta.get(spec.name());
      for (int i = 0; i < w.length; i++) {
        w[i] += d[i];
      }
      fed.put(spec.name(), HostTensor.of(spec.shape(), w));
    }
    return fed;
  }

  /**
   * Runs one whole training or validation period through the engine's learner, exactly as meta-training does
   * (warm-up, windows of each problem instance, clipping, outer Adam); used by the memory soak.
   */
  public PeriodResult period(PeriodArgs args, ProgressListener listener) {
    return learner.run(args, listener);
  }

  @Override
  public void close() {
    learner.close();
  }
}
