package org.l2o.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.data.ImageSet;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.problem.Problem;
import org.tensorflow.ndarray.Shape;

/**
 * Truncated-BPTT meta-training of a student policy on one problem (spec §5): problem instances with random
 * parameter scaling, warm-up windows, and meta-steps that unroll student and teachers side by side, take the
 * meta-gradient, clip it and apply the outer Adam. Graphs are built once per (unroll length, mode) and
 * reused; weights, outer optimizer state and trajectories live in Java memory between windows.
 */
public final class MetaTrainer implements Learner, AutoCloseable {
  /** The random scaling spread of the original (exp(U(-3, 3)), spec §5.1.1). */
  public static final double DEFAULT_SCALE_SPREAD = 3.0;

  private final Problem problem;
  private final ImageSet data;
  private final UpdateRule student;
  private final List<TeacherSpec> teachers;
  private final WeightTransform transform;
  private final UnrollOptions options;
  private final LossWeighting weighting;
  private final double scaleSpread;
  private final AdaptiveGradientClipping clipping;
  private final OuterAdam outer;
  private final Map<String, float[]> weights = new LinkedHashMap<>();
  private final Map<String, UnrollGraph> graphs = new HashMap<>();
  private final Random rng;

  /**
   * @param problem     the optimizee
   * @param data        its training split
   * @param student     the student policy (its weights are trained)
   * @param teachers    frozen teachers
   * @param transform   weight perturbation of the student (identity for none)
   * @param options     loss settings
   * @param weighting   il_mode
   * @param scaleSpread parameter_scale_spread (0 disables the scaling)
   * @param clipping    meta-gradient clipping
   * @param outer       outer optimizer
   * @param seed        seed of the training randomness (initial weights, problem instances, batches);
   *                    null for a fresh stream
   */
  public MetaTrainer(Problem problem, ImageSet data, UpdateRule student, List<TeacherSpec> teachers, WeightTransform transform,
      UnrollOptions options, LossWeighting weighting, double scaleSpread, AdaptiveGradientClipping clipping,
      OuterAdam outer, Long seed) {
    this.problem = problem;
    this.data = data;
    this.student = student;
    this.teachers = List.copyOf(teachers);
    this.transform = transform;
    this.options = options;
    this.weighting = weighting;
    this.scaleSpread = scaleSpread;
    this.clipping = clipping;
    this.outer = outer;
    this.rng = seed == null ? new Random() : new Random(seed);
    for (WeightSpec spec : student.weightSpecs()) {
      weights.put(spec.name(), spec.initializer().sample(spec.shape(), rng));
    }
  }

  /** The student's current weights by name (live arrays). */
  public Map<String, float[]> weights() {
    return weights;
  }

  /** Replaces the student's weights (e.g. from a checkpoint); names and sizes must match. */
  public void setWeights(Map<String, float[]> values) {
    for (WeightSpec spec : student.weightSpecs()) {
      float[] v = values.get(spec.name());
      if (v == null || v.length != spec.shape().size()) {
        throw new IllegalArgumentException("weight '" + spec.name() + "' missing or of the wrong size (expected "
            + spec.shape() + ")");
      }
      weights.put(spec.name(), v.clone());
    }
  }

  /** The outer optimizer (its state is part of a checkpoint). */
  public OuterAdam outer() {
    return outer;
  }

  /** The student policy. */
  public UpdateRule student() {
    return student;
  }

  @Override
  public void save(Path prefix) throws IOException {
    PolicyCheckpoint.write(prefix, student.weightSpecs(), weights, outer);
  }

  @Override
  public void restore(Path prefix) throws IOException {
    setWeights(PolicyCheckpoint.readWeights(prefix, student.weightSpecs()));
    PolicyCheckpoint.readOptimizer(prefix, student.weightSpecs(), outer);
  }

  @Override
  public int teacherCount() {
    return teachers.size();
  }

  @Override
  public PeriodResult run(PeriodArgs args, MetaTrainingListener listener) {
    long start = System.nanoTime();
    Random periodRng = args.seed() == null ? new Random(rng.nextLong()) : new Random(args.seed());
    UnrollGraph unrollGraph = graph(args.unrollLength(), args.validation() ? UnrollGraph.Mode.VALIDATE : UnrollGraph.Mode.TRAIN);
    UnrollGraph warmupGraph = args.warmup() > 0 ? graph(args.unrollLength(), UnrollGraph.Mode.WARMUP) : null;
    int k = teachers.size();
    int steps = args.metaSteps();
    float[] metaLoss = new float[steps];
    float[] imitationLoss = new float[steps];
    float[][] counts = new float[steps][k];
    int skipped = 0;
    int step = 0;
    WindowSampler sampler = new WindowSampler(data, problem.batchSize(), args.unrollLength());
    for (int e = 0; e < args.epochs(); e++) {
      Random initRng = args.seed() == null ? periodRng : new Random(args.seed());
      float[] scale = drawScale(unrollGraph.layout(), periodRng);
      List<Trajectory> trajectories = startTrajectories(unrollGraph, initRng, scale);
      for (int w = 0; w < args.warmup(); w++) {
        WindowSampler.Batch b = sampler.sample(periodRng);
        trajectories = warmupGraph.run(new UnrollGraph.WindowInput(b.images(), b.labels(), scale, hostWeights(),
            trajectories, 0f, 0f, (float) args.warmupRate())).trajectories();
      }
      for (int d = 0; d < args.depth(); d++) {
        WindowSampler.Batch b = sampler.sample(periodRng);
        float[] lw = weighting.weights(args.pTeacher(), periodRng);
        UnrollGraph.WindowOutput out = unrollGraph.run(new UnrollGraph.WindowInput(b.images(), b.labels(), scale,
            hostWeights(), trajectories, lw[0], lw[1], 0f));
        trajectories = out.trajectories();
        metaLoss[step] = out.metaLoss();
        imitationLoss[step] = out.imitationLoss();
        if (k > 0) {
          counts[step] = out.teacherCounts();
        }
        if (!args.validation() && !update(out.gradients())) {
          skipped++;
          listener.onSkippedUpdate(step);
        }
        listener.onMetaStep(args.validation(), step, steps, out.metaLoss(), out.imitationLoss());
        step++;
      }
    }
    return new PeriodResult(metaLoss, imitationLoss, counts, skipped, (System.nanoTime() - start) / 1e9);
  }

  /** Clips and applies one meta-gradient; returns false (and changes nothing) if it is not finite. */
  private boolean update(Map<String, float[]> grads) {
    for (float[] g : grads.values()) {
      for (float x : g) {
        if (!Float.isFinite(x)) {
          return false;
        }
      }
    }
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      clipping.clip(weights.get(e.getKey()), e.getValue());
    }
    outer.apply(weights, grads);
    return true;
  }

  private Map<String, HostTensor> hostWeights() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (WeightSpec spec : student.weightSpecs()) {
      out.put(spec.name(), HostTensor.of(spec.shape(), weights.get(spec.name())));
    }
    return out;
  }

  private float[] drawScale(ParameterLayout layout, Random random) {
    float[] s = new float[Math.toIntExact(layout.size())];
    for (int i = 0; i < s.length; i++) {
      s[i] = scaleSpread > 0 ? (float) Math.exp((random.nextDouble() * 2 - 1) * scaleSpread) : 1f;
    }
    return s;
  }

  /** Fresh trajectories of a new problem instance: theta~0 = theta0 / s for all, zero policy states. */
  private List<Trajectory> startTrajectories(UnrollGraph g, Random initRng, float[] scale) {
    ParameterLayout layout = g.layout();
    float[] theta = new float[Math.toIntExact(layout.size())];
    for (int i = 0; i < layout.tensors(); i++) {
      ParamSpec spec = layout.specs().get(i);
      float[] init = spec.initializer().sample(spec.shape(), initRng);
      System.arraycopy(init, 0, theta, Math.toIntExact(layout.offset(i)), init.length);
    }
    for (int i = 0; i < theta.length; i++) {
      theta[i] /= scale[i];
    }
    HostTensor start = HostTensor.of(Shape.of(theta.length), theta);
    List<Trajectory> out = new ArrayList<>();
    out.add(Trajectory.start(start, g.studentSlots()));
    for (RuleSlots t : g.teacherSlots()) {
      out.add(Trajectory.start(start, t));
    }
    return out;
  }

  private UnrollGraph graph(int unroll, UnrollGraph.Mode mode) {
    return graphs.computeIfAbsent(unroll + "/" + mode, key -> new UnrollGraph(problem,
        data.exampleShape(), student, teachers, transform, unroll, mode, options));
  }

  /** Number of graphs built so far (one per unroll length and mode). */
  public int graphCount() {
    return graphs.size();
  }

  @Override
  public void close() {
    graphs.values().forEach(UnrollGraph::close);
    graphs.clear();
  }
}
