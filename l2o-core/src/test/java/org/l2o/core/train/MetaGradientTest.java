package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.UpdateRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * The full meta-gradient of one truncation window (student + two teachers, meta and imitation loss) against
 * central finite differences: second order against the plain unroll, first order against the unroll with the
 * student's inner gradients held fixed (spec §5.4, §5.8).
 */
class MetaGradientTest {
  private static final int UNROLL = 4;
  private static final float META_WEIGHT = 1f;
  private static final float IMITATION_WEIGHT = 0.3f;
  private static final float[] WEIGHTS = {0.8f, 0.4f, 0.05f};

  private static TinyProblem problem;
  private static UpdateRule student;
  private static List<TeacherSpec> teachers;
  private static UnrollGraph.WindowInput base;

  @BeforeAll
  static void setUp() {
    problem = new TinyProblem(256, 8, 7);
    student = TinyRules.learned();
    teachers = List.of(TeacherSpec.of(TinyRules.sgd(0.5f)), TeacherSpec.of(TinyRules.sgd(2f)));
    base = problem.window(UNROLL, student, teachers, weights(WEIGHTS), META_WEIGHT, IMITATION_WEIGHT, 0L,
        new Random(11));
  }

  @AfterAll
  static void tearDown() {
    base = null;
  }

  private static Map<String, HostTensor> weights(float[] a) {
    return Map.of("a", HostTensor.of(Shape.of(3), a.clone()));
  }

  private static UnrollGraph.WindowInput withWeights(UnrollGraph.WindowInput in, float[] a, float[] fixedGradients) {
    return new UnrollGraph.WindowInput(in.images(), in.labels(), in.scale(), weights(a), in.trajectories(),
        in.metaWeight(), in.imitationWeight(), in.warmupRate(), fixedGradients);
  }

  private static double objective(UnrollGraph.WindowOutput out) {
    return META_WEIGHT * (double) out.metaLoss() + IMITATION_WEIGHT * (double) out.imitationLoss();
  }

  private static double[] finiteDifferences(Function<float[], Double> f) {
    double[] out = new double[WEIGHTS.length];
    float h = 1e-2f;
    for (int j = 0; j < WEIGHTS.length; j++) {
      float[] plus = WEIGHTS.clone();
      float[] minus = WEIGHTS.clone();
      plus[j] += h;
      minus[j] -= h;
      out[j] = (f.apply(plus) - f.apply(minus)) / (plus[j] - minus[j]);
    }
    return out;
  }

  private static void assertClose(float[] analytic, double[] numeric) {
    for (int j = 0; j < analytic.length; j++) {
      assertThat((double) analytic[j])
          .as("component %d: analytic %s vs finite differences %s", j, analytic[j], numeric[j])
          .isCloseTo(numeric[j], org.assertj.core.data.Offset.offset(2e-3 + 2e-2 * Math.abs(numeric[j])));
    }
  }

  @Test
  void secondOrderMetaGradientMatchesFiniteDifferences() {
    try (UnrollGraph graph = new UnrollGraph(problem, student, teachers,
        WeightTransform.IDENTITY, UNROLL, UnrollGraph.Mode.TRAIN, UnrollOptions.defaults())) {
      UnrollGraph.WindowOutput out = graph.run(base);
      assertThat(out.imitationLoss()).isFinite();
      assertThat(out.metaLoss()).isFinite().isNotZero();
      double[] numeric = finiteDifferences(a -> objective(graph.run(withWeights(base, a, null))));
      assertClose(out.gradients().get("a"), numeric);
    }
  }

  @Test
  void firstOrderMetaGradientMatchesFiniteDifferencesWithInnerGradientsFixed() {
    float[] firstOrder;
    float[] secondOrder;
    try (UnrollGraph graph = new UnrollGraph(problem, student, teachers,
        WeightTransform.IDENTITY, UNROLL, UnrollGraph.Mode.TRAIN, UnrollOptions.defaults().withSecondOrder(false))) {
      firstOrder = graph.run(base).gradients().get("a");
    }
    try (UnrollGraph graph = new UnrollGraph(problem, student, teachers,
        WeightTransform.IDENTITY, UNROLL, UnrollGraph.Mode.TRAIN, UnrollOptions.defaults())) {
      secondOrder = graph.run(base).gradients().get("a");
    }
    try (UnrollGraph fixed = new UnrollGraph(problem, student, teachers,
        WeightTransform.IDENTITY, UNROLL, UnrollGraph.Mode.VALIDATE, UnrollOptions.defaults(), true)) {
      // The gradients along the base trajectory: step i is exact once steps 0..i-1 were fed exactly.
      float[] grads = new float[UNROLL * (int) new ParameterLayout(problem.params()).size()];
      for (int i = 0; i < UNROLL; i++) {
        grads = fixed.run(withWeights(base, WEIGHTS, grads)).studentGradients();
      }
      float[] inner = grads;
      double[] numeric = finiteDifferences(a -> objective(fixed.run(withWeights(base, a, inner))));
      assertClose(firstOrder, numeric);
    }
    // The test distinguishes the two modes: the second-order terms are not negligible here.
    double diff = 0;
    double norm = 0;
    for (int j = 0; j < firstOrder.length; j++) {
      diff += Math.abs(firstOrder[j] - secondOrder[j]);
      norm += Math.abs(secondOrder[j]);
    }
    assertThat(diff / norm).isGreaterThan(0.01);
  }
}
