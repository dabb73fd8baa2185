package org.l2o.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.random.Seeds;

/**
 * The learner side of meta-training (learned_optimization's {@code GradientLearner}): the student's weights,
 * meta-gradient clipping, the outer Adam and checkpoints. A period (spec §5.1) asks its {@link MetaWorker} for
 * problem instances and windows, and applies each window's meta-gradient.
 *
 * <p>Randomness: every stream of a period derives from the period's seed ({@link PeriodArgs#seed()}, which the
 * strategy runner derives from the run seed and the position in the schedule): instance {@code e}'s initial
 * parameters, scaling, minibatches and graph keys ({@link InstanceSeeds}), the loss weighting draws and the
 * perturbation's host draws. A period is therefore a pure function of the weights, the outer state and its
 * seed, which is what makes a resumed run bit-identical to an uninterrupted one.
 *
 * <p>Perturbations (spec §8) plug in through {@link Perturbation}: the weights the worker is fed are
 * {@code w + delta}, with {@code delta} from {@link Perturbation#start} and improved by
 * {@link Perturbation#attackSteps()} ascent steps on the same window; the meta-gradient at {@code w + delta} is
 * applied to {@code w}.
 *
 * <p>Several workers ({@link WorkerPool}, the original's replicas): each meta-step runs one window of every
 * worker's own problem instance at once ({@link InstanceSeeds#of}); the step's meta-gradient is the mean of the
 * workers' meta-gradients (over the workers whose window measured something), clipped and applied once, and its
 * losses and teacher counts are the workers' means. One loss weighting and one perturbation draw serve every
 * worker of a step. With one worker a period is the one it always was.
 */
public final class MetaLearner implements Learner, AutoCloseable {
  private final WorkerPool workers;
  private final MetaWorker worker;
  private final LossWeighting weighting;
  private final AdaptiveGradientClipping clipping;
  private final OuterAdam outer;
  private final Perturbation perturbation;
  private final Map<String, float[]> weights = new LinkedHashMap<>();
  private final Random fallbackSeeds;
  private final boolean validationTeachers;

  /**
   * @param worker       the worker (closed with this learner)
   * @param weighting    il_mode
   * @param clipping     meta-gradient clipping
   * @param outer        outer optimizer
   * @param perturbation weight perturbation ({@link Perturbation#NONE} for plain training); its
   *                     {@link Perturbation#transform()} must be the one the worker was built with
   * @param seed         the run seed: the initial weights derive from it, and the seed of a period that brings
   *                     none; null for a fresh one
   */
  public MetaLearner(MetaWorker worker, LossWeighting weighting, AdaptiveGradientClipping clipping, OuterAdam outer,
      Perturbation perturbation, Long seed) {
    this(worker, weighting, clipping, outer, perturbation, seed, false);
  }

  /**
   * As the other constructor, choosing whether validation periods run the teachers.
   *
   * @param worker the worker (closed with this learner)
   * @param weighting il_mode
   * @param clipping meta-gradient clipping
   * @param outer outer optimizer
   * @param perturbation weight perturbation, as for the other constructor
   * @param seed the run seed; null for a fresh one
   * @param validationTeachers true: validation runs the teachers and reports an imitation loss (the original's
   *                           behaviour); false: validation runs the student alone, since the only validation
   *                           figure anything reads is the meta loss, which is the same either way
   */
  public MetaLearner(MetaWorker worker, LossWeighting weighting, AdaptiveGradientClipping clipping, OuterAdam outer,
      Perturbation perturbation, Long seed, boolean validationTeachers) {
    this(WorkerPool.single(worker), weighting, clipping, outer, perturbation, seed, validationTeachers);
  }

  /**
   * As the other constructors, with several workers (closed with this learner); worker 0's student and teachers
   * are the learner's, and every worker must have been built alike.
   *
   * @param workers the workers (closed with this learner), at least one
   * @param weighting il_mode
   * @param clipping meta-gradient clipping
   * @param outer outer optimizer
   * @param perturbation weight perturbation; its transform must be the one the workers were built with
   * @param seed the run seed; null for a fresh one
   * @param validationTeachers whether validation periods run the teachers
   */
  public MetaLearner(WorkerPool workers, LossWeighting weighting, AdaptiveGradientClipping clipping, OuterAdam outer,
      Perturbation perturbation, Long seed, boolean validationTeachers) {
    this.validationTeachers = validationTeachers;
    this.workers = workers;
    this.worker = workers.get(0);
    this.weighting = weighting;
    this.clipping = clipping;
    this.outer = outer;
    this.perturbation = perturbation;
    long runSeed = seed == null ? new Random().nextLong() : seed;
    this.fallbackSeeds = new Random(Seeds.derive(runSeed, Seeds.PERIOD));
    Random init = new Random(Seeds.derive(runSeed, Seeds.WEIGHTS));
    for (WeightSpec spec : worker.student().weightSpecs()) {
      weights.put(spec.name(), spec.initializer().sample(spec.shape(), init));
    }
  }

  /** {@return the (first) worker this learner drives} */
  public MetaWorker worker() {
    return worker;
  }

  /** {@return the number of workers} */
  public int workerCount() {
    return workers.size();
  }

  /** {@return the student's current weights by name (live arrays)} */
  public Map<String, float[]> weights() {
    return weights;
  }

  /**
   * Replaces the student's weights (e.g. from a checkpoint); names and sizes must match.
   *
   * @param values the new weights by name; copied
   * @throws IllegalArgumentException if a student weight is missing or of the wrong size
   */
  public void setWeights(Map<String, float[]> values) {
    for (WeightSpec spec : student().weightSpecs()) {
      float[] v = values.get(spec.name());
      if (v == null || v.length != spec.shape().size()) {
        throw new IllegalArgumentException("weight '" + spec.name() + "' missing or of the wrong size (expected "
            + spec.shape() + ")");
      }
      weights.put(spec.name(), v.clone());
    }
  }

  /** {@return the outer optimizer (its state is part of a checkpoint)} */
  public OuterAdam outer() {
    return outer;
  }

  /** {@return the student policy} */
  public UpdateRule student() {
    return worker.student();
  }

  @Override
  public void save(Path prefix) throws IOException {
    PolicyCheckpoint.write(prefix, student().weightSpecs(), weights, outer);
  }

  @Override
  public void restore(Path prefix) throws IOException {
    setWeights(PolicyCheckpoint.readWeights(prefix, student().weightSpecs()));
    PolicyCheckpoint.readOptimizer(prefix, student().weightSpecs(), outer);
  }

  @Override
  public int teacherCount() {
    return worker.teacherCount();
  }

  /**
   * The name of teacher {@code k} (0-based, in the order of the config's teachers), e.g. {@code Adam}.
   *
   * @param k the teacher's index
   * @return the teacher's name
   */
  public String teacherName(int k) {
    return worker.teacherName(k);
  }

  @Override
  public PeriodResult run(PeriodArgs args, ProgressListener listener) {
    long start = System.nanoTime();
    long periodSeed = args.seed() != null ? args.seed() : fallbackSeeds.nextLong();
    Random weightingDraws = new Random(Seeds.derive(periodSeed, Seeds.WEIGHTING));
    int unroll = args.unrollLength();
    UnrollGraph.Mode mode = args.validation() ? UnrollGraph.Mode.VALIDATE : UnrollGraph.Mode.TRAIN;
    int k = worker.teacherCount();
    int steps = args.metaSteps();
    float[] metaLoss = new float[steps];
    float[] imitationLoss = new float[steps];
    float[][] counts = new float[steps][k];
    int skipped = 0;
    int[] diverged = new int[k];
    int step = 0;
    int n = workers.size();
    boolean withTeachers = !args.validation() || validationTeachers;
    for (int e = 0; e < args.epochs(); e++) {
      int epoch = e;
      List<ProblemInstance> instances = workers.map(r -> workers.get(r).start(
          InstanceSeeds.of(args.validation(), periodSeed, epoch, r), unroll, withTeachers));
      for (int w = 0; w < args.warmup(); w++) {
        Map<String, HostTensor> fed = hostWeights(weights);
        workers.map(r -> {
          workers.get(r).warmup(instances.get(r), unroll, fed, args.warmupRate());
          return null;
        });
      }
      for (int d = 0; d < args.depth(); d++) {
        List<ProblemInstance.Window> windows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          windows.add(workers.get(r).nextWindow(instances.get(r)));
        }
        float[] lw = weighting.weights(args.pTeacher(), weightingDraws);
        Random perturbationDraws = new Random(Seeds.derive(periodSeed, Seeds.PERTURBATION, step));
        Map<String, float[]> delta = perturbation.start(weights, !args.validation(), perturbationDraws);
        if (!args.validation()) {
          for (int a = 0; a < perturbation.attackSteps(); a++) {
            List<UnrollGraph.WindowOutput> probes = evaluateAll(instances, windows, unroll, mode,
                hostWeights(offset(delta)), lw);
            delta = perturbation.ascend(weights, delta, meanGradient(probes));
          }
        }
        List<UnrollGraph.WindowOutput> outs = evaluateAll(instances, windows, unroll, mode,
            hostWeights(offset(delta)), lw);
        List<UnrollGraph.WindowOutput> measuredOuts = new ArrayList<>();
        for (int r = 0; r < n; r++) {
          workers.get(r).advance(instances.get(r), outs.get(r));
          // A window that stopped at its first step measured nothing: its losses are empty sums (0), not results.
          if (outs.get(r).countedSteps() > 0) {
            measuredOuts.add(outs.get(r));
          }
        }
        boolean measured = !measuredOuts.isEmpty();
        metaLoss[step] = measured ? mean(measuredOuts, UnrollGraph.WindowOutput::metaLoss) : Float.NaN;
        imitationLoss[step] = measured ? mean(measuredOuts, UnrollGraph.WindowOutput::imitationLoss) : Float.NaN;
        if (k > 0 && worker.hasTeachers(instances.get(0))) {
          counts[step] = meanCounts(outs, k);
          if (!args.validation()) {
            Set<Integer> divergedNow = new TreeSet<>();
            outs.forEach(out -> divergedNow.addAll(divergedTeachers(out.teacherDistances(), k)));
            for (int t : divergedNow) {
              diverged[t]++;
              listener.on(new MetaTrainingEvents.TeacherDiverged(step, t, worker.teacherName(t)));
            }
          }
        }
        if (!args.validation()) {
          String reason = null;
          if (!measured) {
            reason = (n == 1 ? "the student's loss was" : "every worker's student loss was")
                + " not finite at the window's first step, nothing was measured";
          } else if (!apply(meanGradient(measuredOuts))) {
            reason = "the meta-gradient was not finite";
          }
          if (reason != null) {
            skipped++;
            listener.on(new MetaTrainingEvents.SkippedUpdate(step, reason));
          }
        }
        listener.on(new MetaTrainingEvents.MetaStep(args.validation(), step, steps, metaLoss[step],
            imitationLoss[step]));
        step++;
      }
    }
    return new PeriodResult(metaLoss, imitationLoss, counts, skipped, diverged,
        (System.nanoTime() - start) / 1e9);
  }

  /** Every worker's window of this meta-step, evaluated at once with the same weights and loss weights. */
  private List<UnrollGraph.WindowOutput> evaluateAll(List<ProblemInstance> instances,
      List<ProblemInstance.Window> windows, int unroll, UnrollGraph.Mode mode, Map<String, HostTensor> fed,
      float[] lw) {
    return workers.map(r -> workers.get(r).evaluate(instances.get(r), windows.get(r), unroll, mode, fed, lw[0],
        lw[1]));
  }

  /**
   * The mean of the outputs' meta-gradients (the original's replicas each sample their own instance; averaged,
   * the gradient keeps the scale of one worker's whatever the number of workers, so the clipping threshold
   * means the same). One output's gradients are returned as they are.
   */
  static Map<String, float[]> meanGradient(List<UnrollGraph.WindowOutput> outs) {
    if (outs.size() == 1) {
      return outs.get(0).gradients();
    }
    Map<String, float[]> mean = new LinkedHashMap<>();
    for (String name : outs.get(0).gradients().keySet()) {
      float[] first = outs.get(0).gradients().get(name);
      double[] sum = new double[first.length];
      for (UnrollGraph.WindowOutput out : outs) {
        float[] g = out.gradients().get(name);
        for (int i = 0; i < sum.length; i++) {
          sum[i] += g[i];
        }
      }
      float[] m = new float[sum.length];
      for (int i = 0; i < m.length; i++) {
        m[i] = (float) (sum[i] / outs.size());
      }
      mean.put(name, m);
    }
    return mean;
  }

  private static float mean(List<UnrollGraph.WindowOutput> outs,
      ToDoubleFunction<UnrollGraph.WindowOutput> value) {
    if (outs.size() == 1) {
      return (float) value.applyAsDouble(outs.get(0));
    }
    return (float) outs.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  private static float[] meanCounts(List<UnrollGraph.WindowOutput> outs, int k) {
    if (outs.size() == 1) {
      return outs.get(0).teacherCounts();
    }
    float[] m = new float[k];
    for (UnrollGraph.WindowOutput out : outs) {
      for (int t = 0; t < k; t++) {
        m[t] += out.teacherCounts()[t] / outs.size();
      }
    }
    return m;
  }

  /** The teachers with a non-finite imitation distance at some step of the window ({@code distances} [U, K]). */
  private static List<Integer> divergedTeachers(float[] distances, int k) {
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < k; t++) {
      for (int i = t; i < distances.length; i += k) {
        if (!Float.isFinite(distances[i])) {
          out.add(t);
          break;
        }
      }
    }
    return out;
  }

  /** w + delta, or w itself when delta is all zeros. */
  private Map<String, float[]> offset(Map<String, float[]> delta) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      float[] d = delta.get(e.getKey());
      if (d == null || d.length != e.getValue().length) {
        throw new IllegalStateException("perturbation offset for weight '" + e.getKey() + "' missing or of the"
            + " wrong size");
      }
      float[] w = e.getValue();
      float[] sum = null;
      for (int i = 0; i < w.length; i++) {
        if (d[i] != 0f) {
          if (sum == null) {
            sum = w.clone();
          }
          sum[i] = w[i] + d[i];
        }
      }
      out.put(e.getKey(), sum == null ? w : sum);
    }
    return out;
  }

  /**
   * Clips and applies one meta-gradient; returns false (and changes nothing) if it is not finite.
   *
   * @param grads the meta-gradient by weight name; clipped in place
   * @return true if it was finite and applied
   */
  public boolean apply(Map<String, float[]> grads) {
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

  private Map<String, HostTensor> hostWeights(Map<String, float[]> values) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (WeightSpec spec : student().weightSpecs()) {
      out.put(spec.name(), HostTensor.of(spec.shape(), values.get(spec.name())));
    }
    return out;
  }

  /**
   * Number of graphs the worker built so far (one per unroll length and mode).
   *
   * @return the number of graphs
   */
  public int graphCount() {
    return worker.graphCount();
  }

  @Override
  public void close() {
    workers.close();
  }
}
