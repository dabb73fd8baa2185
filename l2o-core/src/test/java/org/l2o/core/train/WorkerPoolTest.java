package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.WeightSpec;

/**
 * Two workers in parallel threads against one worker over the same two problem instances: the learner applies the
 * mean of the two meta-gradients. The outer Adam is made linear in the gradient (epsilon far above sqrt(v)) and
 * clipping is off, so the weights after one step tell a mean from a sum (twice the step) or from one worker's
 * gradient alone (an instance dropped); Adam as configured would hide the gradient's scale.
 */
class WorkerPoolTest {
  private static final long RUN_SEED = 7L;
  private static final long PERIOD_SEED = 43L;
  private static final int UNROLL = 3;
  private static final PeriodArgs ONE_STEP = new PeriodArgs(UNROLL, 1, 1, 0, 0.0, 0.5, false, PERIOD_SEED);
  /** Float tolerance of the comparison, relative to the largest weight change. */
  private static final double TOLERANCE = 1e-5;

  private static MetaWorker worker() {
    TinyProblem problem = new TinyProblem(256, 8, 3);
    return new MetaWorker(problem, problem.trainData(), TinyRules.learned(),
        List.of(TeacherSpec.of(TinyRules.sgd(0.1f)), TeacherSpec.of(TinyRules.sgd(0.5f))), WeightTransform.IDENTITY,
        UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD);
  }

  private static MetaLearner learner(WorkerPool pool) {
    return new MetaLearner(pool, LossWeighting.SUM, new AdaptiveGradientClipping(1e30, 1e-3),
        new OuterAdam(1e3, 0.9, 0.999, 1e3), Perturbation.NONE, RUN_SEED, false);
  }

  /** Worker {@code r}'s meta-gradient and meta loss of the period's first window, from one worker on this thread. */
  private static UnrollGraph.WindowOutput window(MetaWorker w, Map<String, float[]> weights, int r) {
    ProblemInstance instance = w.start(InstanceSeeds.of(false, PERIOD_SEED, 0, r), UNROLL, true);
    Map<String, HostTensor> fed = new LinkedHashMap<>();
    for (WeightSpec spec : w.student().weightSpecs()) {
      fed.put(spec.name(), HostTensor.of(spec.shape(), weights.get(spec.name())));
    }
    return w.evaluate(instance, w.nextWindow(instance), UNROLL, UnrollGraph.Mode.TRAIN, fed, 1f, 0.5f);
  }

  /** The weights after applying {@code grads} once from the initial weights of the run seed. */
  private static Map<String, float[]> stepped(Map<String, float[]> grads) {
    try (MetaLearner one = learner(WorkerPool.single(worker()))) {
      assertThat(one.apply(grads)).isTrue();
      return copy(one.weights());
    }
  }

  @Test
  void twoWorkersApplyTheMeanOfTheirMetaGradients() {
    Map<String, float[]> initial;
    UnrollGraph.WindowOutput a;
    UnrollGraph.WindowOutput b;
    try (MetaWorker reference = worker(); MetaLearner fresh = learner(WorkerPool.single(worker()))) {
      initial = copy(fresh.weights());
      a = window(reference, initial, 0);
      b = window(reference, initial, 1);
    }
    Map<String, float[]> mean = combine(a.gradients(), b.gradients(), 0.5f);
    Map<String, float[]> sum = combine(a.gradients(), b.gradients(), 1f);

    PeriodResult result;
    Map<String, float[]> pooled;
    try (MetaLearner two = learner(WorkerPool.of(List.of(worker(), worker()),
        List.of("/device:CPU:0", "/device:CPU:0")))) {
      assertThat(two.workerCount()).isEqualTo(2);
      result = two.run(ONE_STEP, ProgressListener.NONE);
      pooled = copy(two.weights());
    }
    assertThat(result.skippedUpdates()).isZero();
    assertThat(result.metaLoss()[0]).isCloseTo((a.metaLoss() + b.metaLoss()) / 2, within(1e-6f));

    Map<String, float[]> expected = stepped(mean);
    double scale = maxDiff(expected, initial);
    assertThat(scale).as("one step moves the weights").isGreaterThan(1e-4);
    assertThat(maxDiff(pooled, expected)).as("pooled vs one worker's mean of both instances")
        .isLessThan(TOLERANCE * scale);
    // each alternative is far outside the tolerance: a sum, or an instance dropped
    assertThat(maxDiff(stepped(sum), expected)).isGreaterThan(0.3 * scale);
    assertThat(maxDiff(stepped(a.gradients()), expected)).isGreaterThan(100 * TOLERANCE * scale);
    assertThat(maxDiff(stepped(b.gradients()), expected)).isGreaterThan(100 * TOLERANCE * scale);
  }

  @Test
  void oneWorkerInAPoolIsTheBareWorker() {
    PeriodArgs twoSteps = new PeriodArgs(UNROLL, 2, 1, 1, 0.05, 0.5, false, PERIOD_SEED);
    try (MetaLearner bare = new MetaLearner(worker(), LossWeighting.SUM, AdaptiveGradientClipping.defaults(),
            OuterAdam.withLearningRate(1e-3), Perturbation.NONE, RUN_SEED);
         MetaLearner pooled = new MetaLearner(WorkerPool.single(worker()), LossWeighting.SUM,
            AdaptiveGradientClipping.defaults(), OuterAdam.withLearningRate(1e-3), Perturbation.NONE, RUN_SEED,
            false)) {
      assertThat(pooled.run(twoSteps, ProgressListener.NONE).metaLoss())
          .containsExactly(bare.run(twoSteps, ProgressListener.NONE).metaLoss());
      bare.weights().forEach((name, w) -> assertThat(pooled.weights().get(name)).as(name).containsExactly(w));
    }
  }

  private static Map<String, float[]> combine(Map<String, float[]> x, Map<String, float[]> y, float factor) {
    Map<String, float[]> out = new LinkedHashMap<>();
    x.forEach((name, gx) -> {
      float[] gy = y.get(name);
      float[] g = new float[gx.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = (gx[i] + gy[i]) * factor;
      }
      out.put(name, g);
    });
    return out;
  }

  private static double maxDiff(Map<String, float[]> x, Map<String, float[]> y) {
    double max = 0;
    for (Map.Entry<String, float[]> e : x.entrySet()) {
      float[] other = y.get(e.getKey());
      for (int i = 0; i < other.length; i++) {
        max = Math.max(max, Math.abs(e.getValue()[i] - other[i]));
      }
    }
    return max;
  }

  private static Map<String, float[]> copy(Map<String, float[]> weights) {
    Map<String, float[]> out = new LinkedHashMap<>();
    weights.forEach((name, w) -> out.put(name, w.clone()));
    return out;
  }
}
