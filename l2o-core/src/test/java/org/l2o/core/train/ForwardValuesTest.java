package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.perturbation.WeightTransform;
import org.tensorflow.ndarray.Shape;

/**
 * The engine's forward values against {@link ReferenceUnroll}, an independent double-precision implementation of
 * spec §5.3 (meta loss as log ratios against the window start on the same batch, imitation distance
 * {@code log(sum 1/2 d^2 + eps) - log N} in internal coordinates reduced by max or mean, unroll weights mean / sum /
 * final, oracle scaling of the teachers, Huber, the stop rule) and §5.5 (the warm-up unroll). The meta-gradient is
 * checked against central differences of the reference, not of the graph, so a wrong formula cannot pass by
 * agreeing with itself.
 */
class ForwardValuesTest {
  private static final int B = 4;
  private static final int U = 4;
  private static final int N = ReferenceUnroll.N;
  private static final float[] A = {0.8f, 0.4f, 0.05f};
  private static final float[] TEACHER_RATES = {0.1f, 0.5f};

  /** One window's data, scaling and start parameters, drawn from a seed. */
  private record Window(float[] images, int[] labels, float[] scale, float[] theta) {
    static Window draw(long seed) {
      Random r = new Random(seed);
      float[] images = new float[U * B * 4];
      for (int i = 0; i < images.length; i++) {
        images[i] = r.nextFloat();
      }
      int[] labels = new int[U * B];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = r.nextInt(2);
      }
      float[] scale = new float[N];
      float[] theta = new float[N];
      for (int j = 0; j < N; j++) {
        scale[j] = (float) Math.exp(r.nextDouble() * 2 - 1);
        theta[j] = (float) (r.nextDouble() * 2 - 1);
      }
      return new Window(images, labels, scale, theta);
    }

    double[][][] x() {
      double[][][] x = new double[U][B][4];
      for (int i = 0; i < U; i++) {
        for (int b = 0; b < B; b++) {
          for (int j = 0; j < 4; j++) {
            x[i][b][j] = images[(i * B + b) * 4 + j];
          }
        }
      }
      return x;
    }

    int[][] y() {
      int[][] y = new int[U][B];
      for (int i = 0; i < U; i++) {
        for (int b = 0; b < B; b++) {
          y[i][b] = labels[i * B + b];
        }
      }
      return y;
    }
  }

  private static UnrollOptions options(boolean log, boolean scaleObjective, UnrollOptions.Reduce reduce,
      UnrollOptions.UnrollWeight weight, double huber, double maxMultiplier, boolean oracle) {
    return new UnrollOptions(log, scaleObjective, reduce, weight, 1e-10, huber, maxMultiplier, oracle, true, false);
  }

  private static List<TeacherSpec> teachers() {
    List<TeacherSpec> out = new ArrayList<>();
    for (float lr : TEACHER_RATES) {
      out.add(TeacherSpec.of(TinyRules.sgd(lr)));
    }
    return out;
  }

  private static UnrollGraph.WindowOutput engine(UnrollOptions o, UnrollGraph.Mode mode, Window w, float[] a,
      float metaWeight, float imitationWeight) {
    try (UnrollGraph graph = new UnrollGraph(new TinyProblem(16, B, 3), TinyRules.learned(), teachers(),
        WeightTransform.IDENTITY, U, mode, o)) {
      assertThat(graph.layout().size()).isEqualTo(N);
      List<Trajectory> start = new ArrayList<>();
      start.add(Trajectory.start(HostTensor.of(Shape.of(N), w.theta().clone()), graph.studentSlots()));
      for (RuleSlots teacher : graph.teacherSlots()) {
        start.add(Trajectory.start(HostTensor.of(Shape.of(N), w.theta().clone()), teacher));
      }
      return graph.run(new UnrollGraph.WindowInput(w.images(), w.labels(), w.scale(),
          Map.of("a", HostTensor.of(Shape.of(3), a.clone())), start, metaWeight, imitationWeight, 0f));
    }
  }

  private static ReferenceUnroll.Result reference(UnrollOptions o, Window w, double[] a) {
    return reference(o, w, a, null);
  }

  private static ReferenceUnroll.Result reference(UnrollOptions o, Window w, double[] a, double[][] fixed) {
    List<ReferenceUnroll.Rule> rules = new ArrayList<>();
    rules.add(ReferenceUnroll.learned(a));
    for (float lr : TEACHER_RATES) {
      rules.add(ReferenceUnroll.sgd(lr));
    }
    double[][] theta0 = new double[rules.size()][];
    for (int t = 0; t < theta0.length; t++) {
      theta0[t] = toDouble(w.theta());
    }
    return ReferenceUnroll.unroll(ReferenceUnroll.Settings.of(o), toDouble(w.scale()), theta0, rules, w.x(), w.y(),
        fixed);
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static void assertClose(String what, double actual, double expected) {
    assertThat(actual).as(what).isCloseTo(expected, within(1e-5 + 1e-4 * Math.abs(expected)));
  }

  /** Every value of the window: losses, counts, per-step distances, every trajectory's parameters, the state. */
  private static void assertMatches(UnrollOptions o, Window w) {
    UnrollGraph.WindowOutput out = engine(o, UnrollGraph.Mode.VALIDATE, w, A, 1f, 1f);
    ReferenceUnroll.Result ref = reference(o, w, toDouble(A));
    assertClose("meta loss", out.metaLoss(), ref.meta());
    assertClose("imitation loss", out.imitationLoss(), ref.imitation());
    for (int k = 0; k < TEACHER_RATES.length; k++) {
      assertThat((double) out.teacherCounts()[k]).as("count of teacher %d", k).isEqualTo(ref.counts()[k]);
      for (int i = 0; i < ref.steps(); i++) {
        assertClose("distance to teacher " + k + " at step " + i, out.teacherDistances()[i * TEACHER_RATES.length + k],
            ref.distances()[i][k]);
      }
    }
    for (int t = 0; t < out.trajectories().size(); t++) {
      float[] theta = out.trajectories().get(t).theta().floats();
      for (int j = 0; j < N; j++) {
        assertClose("trajectory " + t + " theta[" + j + "]", theta[j], ref.thetas()[t][j]);
      }
    }
    float[] m = out.trajectories().get(0).states().get(0).floats();
    for (int j = 0; j < N; j++) {
      assertClose("student m[" + j + "]", m[j], ref.studentState()[0][j]);
    }
  }

  @Test
  void defaultsLogRatiosMeanWeightMaxReduceOracleTeachers() {
    UnrollOptions o = UnrollOptions.defaults();
    Window w = Window.draw(1);
    assertThat(reference(o, w, toDouble(A)).steps()).isEqualTo(U);
    assertMatches(o, w);
  }

  @Test
  void sumWeightMeanReduce() {
    assertMatches(options(true, true, UnrollOptions.Reduce.MEAN, UnrollOptions.UnrollWeight.SUM, -1, -1, true),
        Window.draw(2));
  }

  @Test
  void finalWeightPlainRatiosUnscaledObjectiveHuberTeachersInInternalCoordinates() {
    UnrollOptions o = options(false, false, UnrollOptions.Reduce.MAX, UnrollOptions.UnrollWeight.FINAL, 0.05, -1,
        false);
    Window w = Window.draw(3);
    assertMatches(o, w);
    // The Huber delta is small enough for both of its branches to occur, and oracle scaling matters here.
    UnrollOptions oracle = options(false, false, UnrollOptions.Reduce.MAX, UnrollOptions.UnrollWeight.FINAL, 0.05,
        -1, true);
    assertThat(reference(oracle, w, toDouble(A)).imitation())
        .isNotCloseTo(reference(o, w, toDouble(A)).imitation(), within(1e-3));
  }

  @Test
  void stopRuleEndsTheWindowBeforeTheStepWhoseLossExceedsTheLimit() {
    float[] a = {0.8f, 0.4f, 1.5f}; // a large bias: the student moves every coordinate by ~0.45 and the loss rises
    Window w = Window.draw(4);
    UnrollOptions o = options(true, true, UnrollOptions.Reduce.MAX, UnrollOptions.UnrollWeight.SUM, -1, 1.2, true);
    ReferenceUnroll.Result ref = reference(o, w, toDouble(a));
    assertThat(ref.steps()).isBetween(1, U - 1);
    UnrollGraph.WindowOutput out = engine(o, UnrollGraph.Mode.VALIDATE, w, a, 1f, 1f);
    assertClose("meta loss", out.metaLoss(), ref.meta());
    assertClose("imitation loss", out.imitationLoss(), ref.imitation());
    float[] theta = out.trajectories().get(0).theta().floats();
    for (int j = 0; j < N; j++) {
      assertClose("theta[" + j + "]", theta[j], ref.thetas()[0][j]);
    }
    double sum = 0;
    for (float c : out.teacherCounts()) {
      sum += c;
    }
    assertThat(sum).as("steps counted").isEqualTo(ref.steps());
  }

  /** d(w_meta L_meta + w_imit L_imit) / d a against central differences of the double reference. */
  @Test
  void metaGradientEqualsDifferencesOfTheReference() {
    assertMetaGradient(UnrollOptions.defaults(), false);
  }

  /**
   * First order: the inner gradients are constants, so the reference's differences hold the student's gradients
   * at their values of the unperturbed run (the losses still move with the parameters).
   */
  @Test
  void firstOrderMetaGradientEqualsDifferencesOfTheReferenceWithFixedInnerGradients() {
    UnrollOptions first = UnrollOptions.defaults().withSecondOrder(false);
    assertMetaGradient(first, true);
    // and it is not the second-order gradient: the two differ clearly on this window
    Window w = Window.draw(5);
    float[] g1 = engine(first, UnrollGraph.Mode.TRAIN, w, A, 1f, 0.7f).gradients().get("a");
    float[] g2 = engine(UnrollOptions.defaults(), UnrollGraph.Mode.TRAIN, w, A, 1f, 0.7f).gradients().get("a");
    double diff = 0;
    double norm = 0;
    for (int c = 0; c < A.length; c++) {
      diff += Math.abs(g1[c] - g2[c]);
      norm += Math.abs(g2[c]);
    }
    assertThat(diff / norm).isGreaterThan(1e-2);
  }

  private static void assertMetaGradient(UnrollOptions o, boolean fixInnerGradients) {
    Window w = Window.draw(5);
    double[][] fixed = fixInnerGradients ? reference(o, w, toDouble(A), null).studentGradients() : null;
    float metaWeight = 1f;
    float imitationWeight = 0.7f;
    float[] g = engine(o, UnrollGraph.Mode.TRAIN, w, A, metaWeight, imitationWeight).gradients().get("a");
    double h = 1e-5;
    for (int c = 0; c < A.length; c++) {
      double[] plus = toDouble(A);
      double[] minus = toDouble(A);
      plus[c] += h;
      minus[c] -= h;
      ReferenceUnroll.Result p = reference(o, w, plus, fixed);
      ReferenceUnroll.Result m = reference(o, w, minus, fixed);
      double expected = (metaWeight * (p.meta() - m.meta()) + imitationWeight * (p.imitation() - m.imitation()))
          / (2 * h);
      assertThat(Math.abs(expected)).as("a[%d] matters", c).isGreaterThan(1e-3);
      assertThat((double) g[c]).as("d total / d a[%d]", c).isCloseTo(expected, within(2e-3 * Math.abs(expected)));
    }
  }

  /** Spec §5.5: SGD on the student's internal parameters, every rule's state stepped with the same gradient. */
  @Test
  void warmupIsSgdInInternalCoordinatesAndStepsEveryState() {
    Window w = Window.draw(6);
    float rate = 0.3f;
    float[] teacherA = {0.2f, -0.5f, 0.1f};
    for (boolean oracle : new boolean[] {true, false}) {
      UnrollOptions o = options(true, true, UnrollOptions.Reduce.MAX, UnrollOptions.UnrollWeight.MEAN, -1, -1, oracle);
      List<TeacherSpec> specs = List.of(new TeacherSpec(TinyRules.learned(),
          Map.of("a", HostTensor.of(Shape.of(3), teacherA))));
      UnrollGraph.WindowOutput out;
      try (UnrollGraph graph = new UnrollGraph(new TinyProblem(16, B, 3), TinyRules.learned(), specs,
          WeightTransform.IDENTITY, U, UnrollGraph.Mode.WARMUP, o)) {
        List<Trajectory> start = List.of(
            Trajectory.start(HostTensor.of(Shape.of(N), w.theta().clone()), graph.studentSlots()),
            Trajectory.start(HostTensor.of(Shape.of(N), w.theta().clone()), graph.teacherSlots().get(0)));
        out = graph.run(new UnrollGraph.WindowInput(w.images(), w.labels(), w.scale(),
            Map.of("a", HostTensor.of(Shape.of(3), A.clone())), start, 0f, 0f, rate));
      }
      List<double[]> ref = ReferenceUnroll.warmup(oracle, rate, toDouble(w.scale()), toDouble(w.theta()),
          List.of(ReferenceUnroll.learned(toDouble(A)), ReferenceUnroll.learned(toDouble(teacherA))), w.x(), w.y());
      for (int t = 0; t < 2; t++) {
        float[] theta = out.trajectories().get(t).theta().floats();
        float[] m = out.trajectories().get(t).states().get(0).floats();
        for (int j = 0; j < N; j++) {
          assertClose("oracle " + oracle + ", trajectory " + t + " theta[" + j + "]", theta[j], ref.get(0)[j]);
          assertClose("oracle " + oracle + ", trajectory " + t + " m[" + j + "]", m[j], ref.get(1 + t)[j]);
        }
      }
    }
  }
}
