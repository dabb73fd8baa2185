package org.l2o.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.problem.ParamSpec;
import org.l2o.problems.ImageClassifier;
import org.l2o.core.train.AdaptiveGradientClipping;
import org.l2o.core.train.HostTensor;
import org.l2o.core.train.MetaTrainer;
import org.l2o.core.train.OuterAdam;
import org.l2o.core.train.ParameterLayout;
import org.l2o.core.train.RuleSlots;
import org.l2o.core.train.TeacherSpec;
import org.l2o.core.train.Trajectory;
import org.l2o.core.train.UnrollGraph;
import org.l2o.core.train.UnrollOptions;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.train.WindowSampler;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.tensorflow.ndarray.Shape;

/**
 * The unroll graph of one benchmark configuration and realistic inputs for it: the RNNProp student with
 * weights drawn from its initializers, the analytical teachers, windows of real training data drawn as in
 * meta-training ({@link WindowSampler}), a fresh random parameter scaling exp(U(-3, 3)) and fresh
 * trajectories (a new problem instance) for every window. In TRAIN mode a step also clips the
 * meta-gradient and applies the outer Adam, so it is a whole meta-step apart from drawing the data.
 */
public final class MetaStepHarness implements AutoCloseable {

  /** Learning rate of both teachers (the paper's Adam and RMSProp teachers). */
  public static final double TEACHER_LEARNING_RATE = 0.005;
  /** Epsilon of both teachers. */
  public static final double TEACHER_EPSILON = 1e-10;

  private final MetaStepConfig config;
  private final UpdateRule student;
  private final UnrollGraph graph;
  private final WindowSampler sampler;
  private final Random rng;
  private final Map<String, float[]> weights = new LinkedHashMap<>();
  private final AdaptiveGradientClipping clipping = AdaptiveGradientClipping.defaults();
  private final OuterAdam outer = OuterAdam.withLearningRate(OuterAdam.DEFAULT_LEARNING_RATE);
  private final double buildSeconds;
  private int nonFiniteWindows;

  /**
   * Builds the graph (timed: {@link #buildSeconds()}) and opens its session.
   *
   * @param problem the optimizee; its training split is loaded here
   * @param config  what to build
   * @param seed    seed of the weights, windows, scalings and initial parameters
   */
  public MetaStepHarness(ImageClassifier problem, MetaStepConfig config, long seed) {
    this.config = config;
    this.rng = new Random(seed);
    this.student = new RnnProp(RnnPropConfig.defaults());
    for (WeightSpec spec : student.weightSpecs()) {
      weights.put(spec.name(), spec.initializer().sample(spec.shape(), rng));
    }
    this.sampler = new WindowSampler(problem.trainData(), problem.batchSize(), config.unroll());
    Shape exampleShape = problem.trainData().exampleShape();
    UnrollOptions options = UnrollOptions.defaults().withSecondOrder(config.secondOrder());
    long t0 = System.nanoTime();
    this.graph = new UnrollGraph(problem, exampleShape, student, teachers(config.teachers()),
        WeightTransform.IDENTITY, config.unroll(), config.mode(), options);
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

  /** Windows so far whose meta loss was not finite (their meta-gradient was not applied). */
  public int nonFiniteWindows() {
    return nonFiniteWindows;
  }

  /** Draws the inputs of one window: data, a fresh scaling and fresh trajectories (host work only). */
  public UnrollGraph.WindowInput nextInput() {
    WindowSampler.Batch batch = sampler.sample(rng);
    ParameterLayout layout = graph.layout();
    float[] scale = new float[Math.toIntExact(layout.size())];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = (float) Math.exp((rng.nextDouble() * 2 - 1) * MetaTrainer.DEFAULT_SCALE_SPREAD);
    }
    float[] theta = new float[scale.length];
    for (int i = 0; i < layout.tensors(); i++) {
      ParamSpec spec = layout.specs().get(i);
      float[] init = spec.initializer().sample(spec.shape(), rng);
      System.arraycopy(init, 0, theta, Math.toIntExact(layout.offset(i)), init.length);
    }
    for (int i = 0; i < theta.length; i++) {
      theta[i] /= scale[i];
    }
    HostTensor start = HostTensor.of(Shape.of(theta.length), theta);
    List<Trajectory> trajectories = new ArrayList<>();
    trajectories.add(Trajectory.start(start, graph.studentSlots()));
    for (RuleSlots t : graph.teacherSlots()) {
      trajectories.add(Trajectory.start(start, t));
    }
    Map<String, HostTensor> fed = new LinkedHashMap<>();
    for (WeightSpec spec : student.weightSpecs()) {
      fed.put(spec.name(), HostTensor.of(spec.shape(), weights.get(spec.name())));
    }
    float imitationWeight = config.teachers() > 0 ? 1f : 0f;
    return new UnrollGraph.WindowInput(batch.images(), batch.labels(), scale, fed, trajectories, 1f,
        imitationWeight, 0f);
  }

  /**
   * Runs one window; in TRAIN mode also clips the meta-gradient and applies the outer Adam (skipped, as in
   * meta-training, when the loss or gradient is not finite).
   */
  public UnrollGraph.WindowOutput step(UnrollGraph.WindowInput input) {
    UnrollGraph.WindowOutput out = graph.run(input);
    boolean finite = Float.isFinite(out.metaLoss());
    for (float[] g : out.gradients().values()) {
      for (float x : g) {
        finite &= Float.isFinite(x);
      }
    }
    if (!finite) {
      nonFiniteWindows++;
    } else if (config.isTrain()) {
      for (Map.Entry<String, float[]> e : out.gradients().entrySet()) {
        clipping.clip(weights.get(e.getKey()), e.getValue());
      }
      outer.apply(weights, out.gradients());
    }
    return out;
  }

  @Override
  public void close() {
    graph.close();
  }
}
