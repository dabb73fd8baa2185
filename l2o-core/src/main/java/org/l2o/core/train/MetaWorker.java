package org.l2o.core.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.problem.Problem;
import org.tensorflow.ndarray.Shape;

/**
 * The worker side of meta-training (learned_optimization's {@code gradient_worker_compute}): problem instances,
 * their windows and trajectories, and the unroll graphs that turn a window and the student's weights into
 * losses and a meta-gradient. It owns no weights and applies no update; a {@link MetaLearner} (or a benchmark)
 * feeds it weights and uses what it returns. Graphs are built once per (unroll length, mode) and reused.
 */
public final class MetaWorker implements AutoCloseable {
  /** The random scaling spread of the original (exp(U(-3, 3)), spec §5.1.1). */
  public static final double DEFAULT_SCALE_SPREAD = 3.0;

  private final Problem problem;
  private final ImageSet data;
  private final UpdateRule student;
  private final List<TeacherSpec> teachers;
  private final WeightTransform transform;
  private final UnrollOptions options;
  private final double scaleSpread;
  private final ParameterLayout layout;
  private final RuleSlots studentSlots;
  private final List<RuleSlots> teacherSlots = new ArrayList<>();
  private final int segmentLength;
  private final Map<String, WindowGraph> graphs = new HashMap<>();

  /**
   * @param problem     the optimizee
   * @param data        its training split
   * @param student     the student policy
   * @param teachers    frozen teachers
   * @param transform   how the fed student weights are read inside the graphs (identity for none)
   * @param options     loss settings
   * @param scaleSpread parameter_scale_spread L: s = exp(U(-L, L)) per coordinate (0 disables the scaling)
   */
  public MetaWorker(Problem problem, ImageSet data, UpdateRule student, List<TeacherSpec> teachers,
      WeightTransform transform, UnrollOptions options, double scaleSpread) {
    this(problem, data, student, teachers, transform, options, scaleSpread, 0);
  }

  /**
   * As the other constructor; TRAIN windows longer than {@code segmentLength} steps run in segments of at most that
   * many steps ({@link SegmentedUnroll}: memory grows with the segment, not the unroll, for a second forward pass
   * of the student), 0 runs every window as one graph.
   *
   * @param problem the optimizee
   * @param data its training split
   * @param student the student policy
   * @param teachers frozen teachers
   * @param transform how the fed student weights are read inside the graphs (identity for none)
   * @param options loss settings
   * @param scaleSpread parameter_scale_spread L: s = exp(U(-L, L)) per coordinate (0 disables the scaling)
   * @param segmentLength the most steps of a TRAIN segment, 0 for whole windows
   * @throws IllegalArgumentException if {@code segmentLength} is negative
   */
  public MetaWorker(Problem problem, ImageSet data, UpdateRule student, List<TeacherSpec> teachers,
      WeightTransform transform, UnrollOptions options, double scaleSpread, int segmentLength) {
    if (segmentLength < 0) {
      throw new IllegalArgumentException("segment length must be 0 (whole windows) or positive, got " + segmentLength);
    }
    this.segmentLength = segmentLength;
    this.problem = problem;
    this.data = data;
    this.student = student;
    this.teachers = List.copyOf(teachers);
    this.transform = transform;
    this.options = options;
    this.scaleSpread = scaleSpread;
    this.layout = new ParameterLayout(problem.params());
    // The same slots as the graphs build (UnrollGraph), so that fresh trajectories match their inputs.
    this.studentSlots = new RuleSlots(student, layout, !transform.drawsPerUse());
    this.teachers.forEach(t -> teacherSlots.add(new RuleSlots(t.rule(), layout)));
  }

  /** {@return the student policy} */
  public UpdateRule student() {
    return student;
  }

  /** {@return the number of teachers} */
  public int teacherCount() {
    return teachers.size();
  }

  /**
   * The name of teacher {@code k} (0-based, in the order of the config's teachers), e.g. {@code Adam}.
   *
   * @param k the teacher's index
   * @return the teacher's name
   */
  public String teacherName(int k) {
    return teachers.get(k).rule().name();
  }

  /** {@return the optimizee's parameter layout} */
  public ParameterLayout layout() {
    return layout;
  }

  /**
   * A fresh problem instance for windows of {@code unroll} steps: theta0 from the problem's initialisers, the
   * scaling s, theta~0 = theta0 / s for the student and every teacher, zero rule and model states.
   *
   * @param seeds the instance's random streams
   * @param unroll the window length U the instance's windows have
   * @return the new instance, with the teachers
   */
  public ProblemInstance start(InstanceSeeds seeds, int unroll) {
    return start(seeds, unroll, true);
  }

  /**
   * As {@link #start(InstanceSeeds, int)}; without teachers the instance holds the student's trajectory alone and
   * its windows run graphs without the teachers (no imitation loss: a validation that only reads the meta loss
   * skips the teachers' forward and gradient, about one Adam step each per inner step). The student's values do
   * not depend on the teachers, so they are the same either way.
   *
   * @param seeds the instance's random streams
   * @param unroll the window length U the instance's windows have
   * @param withTeachers whether the instance carries the teachers' trajectories
   * @return the new instance
   */
  public ProblemInstance start(InstanceSeeds seeds, int unroll, boolean withTeachers) {
    float[] theta0 = new float[Math.toIntExact(layout.size())];
    List<float[]> init = problem.init(new Random(seeds.init()));
    for (int i = 0; i < layout.tensors(); i++) {
      System.arraycopy(init.get(i), 0, theta0, Math.toIntExact(layout.offset(i)), init.get(i).length);
    }
    float[] scale = drawScale(new Random(seeds.scale()));
    float[] thetaTilde = new float[theta0.length];
    for (int i = 0; i < theta0.length; i++) {
      thetaTilde[i] = theta0[i] / scale[i];
    }
    HostTensor start = HostTensor.of(Shape.of(thetaTilde.length), thetaTilde);
    List<Trajectory> trajectories = new ArrayList<>();
    trajectories.add(Trajectory.start(start, studentSlots, problem.modelStateSpecs()));
    if (withTeachers) {
      for (RuleSlots t : teacherSlots) {
        trajectories.add(Trajectory.start(start, t, problem.modelStateSpecs()));
      }
    }
    WindowSampler sampler = new WindowSampler(data, problem.batchSize(), unroll);
    return new ProblemInstance(theta0, scale, new Random(seeds.data()), seeds.key(), sampler, trajectories);
  }

  private float[] drawScale(Random random) {
    float[] s = new float[Math.toIntExact(layout.size())];
    for (int i = 0; i < s.length; i++) {
      s[i] = scaleSpread > 0 ? (float) Math.exp((random.nextDouble() * 2 - 1) * scaleSpread) : 1f;
    }
    return s;
  }

  /**
   * Draws the instance's next window (its minibatches and graph key).
   *
   * @param instance the instance, whose window count advances
   * @return the window
   */
  public ProblemInstance.Window nextWindow(ProblemInstance instance) {
    return instance.nextWindow();
  }

  /**
   * One SGD warm-up window (spec §5.5) on the instance's next window; advances the instance.
   *
   * @param instance the instance; its trajectories move to the window's end
   * @param unroll the window length U
   * @param weights the student's weights by name
   * @param rate the SGD rate (in internal coordinates)
   */
  public void warmup(ProblemInstance instance, int unroll, Map<String, HostTensor> weights, double rate) {
    ProblemInstance.Window w = instance.nextWindow();
    UnrollGraph.WindowOutput out = graph(unroll, UnrollGraph.Mode.WARMUP, hasTeachers(instance)).run(input(instance, w, weights, 0f, 0f,
        (float) rate));
    instance.advance(out.trajectories());
  }

  /**
   * Unrolls {@code window} from the instance's current trajectories with the given weights, without advancing
   * the instance (a perturbation's attack steps evaluate one window several times).
   *
   * @param instance the instance; it is not changed
   * @param window a window drawn by {@link #nextWindow}
   * @param unroll the window length U
   * @param mode            {@link UnrollGraph.Mode#TRAIN} (with the meta-gradient) or {@code VALIDATE}
   * @param weights the student's weights by name
   * @param metaWeight      weight of the meta loss in the differentiated total
   * @param imitationWeight weight of the imitation loss in the differentiated total
   * @return the window's trajectories, losses, teacher statistics and (TRAIN) gradients
   */
  public UnrollGraph.WindowOutput evaluate(ProblemInstance instance, ProblemInstance.Window window, int unroll,
      UnrollGraph.Mode mode, Map<String, HostTensor> weights, float metaWeight, float imitationWeight) {
    if (mode == UnrollGraph.Mode.WARMUP) {
      throw new IllegalArgumentException("warm-up windows run through warmup(...)");
    }
    return graph(unroll, mode, hasTeachers(instance)).run(input(instance, window, weights, metaWeight,
        imitationWeight, 0f));
  }

  /**
   * Moves the instance to the trajectories at the end of a window evaluated by {@link #evaluate}.
   *
   * @param instance the instance
   * @param out the window's outputs
   */
  public void advance(ProblemInstance instance, UnrollGraph.WindowOutput out) {
    instance.advance(out.trajectories());
  }

  private static UnrollGraph.WindowInput input(ProblemInstance instance, ProblemInstance.Window w,
      Map<String, HostTensor> weights, float metaWeight, float imitationWeight, float rate) {
    return new UnrollGraph.WindowInput(w.batch().images(), w.batch().labels(), instance.scaleView(), weights,
        instance.trajectories(), metaWeight, imitationWeight, rate, null, w.keySeed());
  }

  /**
   * Whether the instance carries the teachers' trajectories ({@link #start(InstanceSeeds, int, boolean)}).
   *
   * @param instance the instance
   * @return true if it holds the teachers' trajectories after the student's
   */
  public boolean hasTeachers(ProblemInstance instance) {
    return instance.trajectories().size() == teachers.size() + 1;
  }

  /**
   * The graph of (unroll, mode) with the teachers, built on first use.
   *
   * @param unroll the window length U
   * @param mode what the graph computes
   * @return the graph, owned by this worker
   */
  public WindowGraph graph(int unroll, UnrollGraph.Mode mode) {
    return graph(unroll, mode, true);
  }

  /**
   * The graph of (unroll, mode), with or without the teachers, built on first use.
   *
   * @param unroll the window length U
   * @param mode what the graph computes
   * @param withTeachers whether the graph runs the teachers
   * @return the graph, owned by this worker
   */
  public WindowGraph graph(int unroll, UnrollGraph.Mode mode, boolean withTeachers) {
    boolean teachersInGraph = withTeachers && !teachers.isEmpty();
    List<TeacherSpec> inGraph = teachersInGraph ? teachers : List.of();
    return graphs.computeIfAbsent(unroll + "/" + mode + (teachersInGraph ? "" : "/student"), key ->
        segmented(unroll, mode)
            ? new SegmentedUnroll(problem, student, inGraph, transform, unroll, segmentLength, options)
            : new UnrollGraph(problem, student, inGraph, transform, unroll, mode, options));
  }

  /**
   * Whether TRAIN windows of {@code unroll} steps run in segments.
   *
   * @param unroll the window length U
   * @param mode what the graph computes
   * @return true for TRAIN windows longer than {@link #segmentLength()} (when it is not 0)
   */
  public boolean segmented(int unroll, UnrollGraph.Mode mode) {
    return mode == UnrollGraph.Mode.TRAIN && segmentLength > 0 && unroll > segmentLength;
  }

  /**
   * The most steps of a segment of a TRAIN window (0: windows run as one graph).
   *
   * @return the segment length, 0 for whole windows
   */
  public int segmentLength() {
    return segmentLength;
  }

  /**
   * Number of graphs built so far (one per unroll length and mode).
   *
   * @return the number of graphs
   */
  public int graphCount() {
    return graphs.size();
  }

  @Override
  public void close() {
    graphs.values().forEach(WindowGraph::close);
    graphs.clear();
  }
}
