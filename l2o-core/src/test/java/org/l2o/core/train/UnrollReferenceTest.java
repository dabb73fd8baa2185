package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.UpdateRule;
import org.tensorflow.ndarray.Shape;

/**
 * Pins the forward values of the meta-training engine (losses, distances, teacher counts, trajectories, the
 * warm-up, and the meta-gradient of the weighted total) against {@link ReferenceUnroll}, an independent double
 * precision computation of spec §5.2-§5.5. Unlike {@link MetaGradientTest}, which checks the graph against
 * itself, a wrong formula in the engine fails here.
 */
class UnrollReferenceTest {
  private static final int BATCH = 8;
  private static final float[] WEIGHTS = {0.8f, 0.4f, 0.05f};
  private static final float[] TEACHER_WEIGHTS = {0.3f, 0.2f, -0.1f};
  /** Relative tolerance of a float32 graph against the double reference, with an absolute floor. */
  private static final double TOL = 1e-5;

  /** One window's data and start point, as float32 engine inputs. */
  private record Case(TinyProblem problem, float[] images, int[] labels, float[] scale, float[] theta, int unroll) {
    double[][][] x() {
      double[][][] x = new double[unroll][BATCH][4];
      for (int i = 0; i < unroll; i++) {
        for (int b = 0; b < BATCH; b++) {
          for (int j = 0; j < 4; j++) {
            x[i][b][j] = images[(i * BATCH + b) * 4 + j];
          }
        }
      }
      return x;
    }

    int[][] y() {
      int[][] y = new int[unroll][BATCH];
      for (int i = 0; i < unroll; i++) {
        System.arraycopy(labels, i * BATCH, y[i], 0, BATCH);
      }
      return y;
    }

    double[] s() {
      return toDouble(scale);
    }

    double[] thetaTilde() {
      return toDouble(theta);
    }
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /** theta~ = theta0 / s with s = exp(U(-1, 1)), and a window of {@code unroll} minibatches. */
  private static Case newCase(int unroll, long seed) {
    TinyProblem problem = new TinyProblem(256, BATCH, 7);
    Random rng = new Random(seed);
    WindowSampler.Batch batch = new WindowSampler(problem.trainData(), BATCH, unroll).sample(rng);
    ParameterLayout layout = new ParameterLayout(problem.params());
    float[] theta = new float[Math.toIntExact(layout.size())];
    List<float[]> init = problem.init(rng);
    for (int i = 0; i < init.size(); i++) {
      System.arraycopy(init.get(i), 0, theta, Math.toIntExact(layout.offset(i)), init.get(i).length);
    }
    float[] scale = new float[theta.length];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = (float) Math.exp(rng.nextDouble() * 2 - 1);
      theta[i] /= scale[i];
    }
    return new Case(problem, batch.images(), batch.labels(), scale, theta, unroll);
  }

  private static Map<String, HostTensor> weights(float[] a) {
    return Map.of("a", HostTensor.of(Shape.of(3), a.clone()));
  }

  private static TeacherSpec learnedTeacher() {
    return new TeacherSpec(TinyRules.learned(), weights(TEACHER_WEIGHTS));
  }

  private static ReferenceUnroll.Rule refLearned(float[] a) {
    return ReferenceUnroll.learned(a[0], a[1], a[2]);
  }

  /** Fresh engine trajectories at the case's theta~ for the graph's student and teachers. */
  private static List<Trajectory> engineStart(UnrollGraph graph, Case c) {
    HostTensor start = HostTensor.of(Shape.of(c.theta().length), c.theta());
    List<Trajectory> out = new ArrayList<>();
    out.add(Trajectory.start(start, graph.studentSlots()));
    graph.teacherSlots().forEach(t -> out.add(Trajectory.start(start, t)));
    return out;
  }

  private static List<ReferenceUnroll.Traj> refStart(Case c, List<ReferenceUnroll.Rule> rules) {
    List<ReferenceUnroll.Traj> out = new ArrayList<>();
    rules.forEach(r -> out.add(ReferenceUnroll.start(c.thetaTilde(), r)));
    return out;
  }

  private static UnrollGraph.WindowOutput runEngine(Case c, UpdateRule student, List<TeacherSpec> teachers,
      UnrollGraph.Mode mode, UnrollOptions options, float[] studentWeights, float metaWeight, float imitationWeight,
      float warmupRate) {
    try (UnrollGraph graph = new UnrollGraph(c.problem(), student, teachers, WeightTransform.IDENTITY, c.unroll(),
        mode, options)) {
      Map<String, HostTensor> w = studentWeights == null ? Map.of() : weights(studentWeights);
      return graph.run(new UnrollGraph.WindowInput(c.images(), c.labels(), c.scale(), w, engineStart(graph, c),
          metaWeight, imitationWeight, warmupRate));
    }
  }

  private static void assertClose(String what, double expected, double actual) {
    assertThat(actual).as("%s: engine %s vs reference %s", what, actual, expected)
        .isCloseTo(expected, offset(TOL * Math.max(1, Math.abs(expected))));
  }

  private static void assertClose(String what, double[] expected, float[] actual) {
    assertThat(actual).as(what).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertClose(what + "[" + i + "]", expected[i], actual[i]);
    }
  }

  /** Losses, distances of the counted steps, counts, and every trajectory's parameters and states. */
  private static void assertWindow(ReferenceUnroll.Result ref, UnrollGraph.WindowOutput out, int k) {
    assertClose("meta loss", ref.metaLoss(), out.metaLoss());
    assertClose("imitation loss", ref.imitationLoss(), out.imitationLoss());
    int counted = ref.stopStep() < 0 ? ref.distances().length : ref.stopStep();
    for (int i = 0; i < counted; i++) {
      for (int t = 0; t < k; t++) {
        assertClose("D[" + i + "][" + t + "]", ref.distances()[i][t], out.teacherDistances()[i * k + t]);
      }
    }
    assertClose("teacher counts", ref.counts(), out.teacherCounts());
    assertTrajectories(ref.end(), out.trajectories());
  }

  private static void assertTrajectories(List<ReferenceUnroll.Traj> ref, List<Trajectory> out) {
    assertThat(out).hasSameSizeAs(ref);
    for (int t = 0; t < ref.size(); t++) {
      assertClose("theta~ of trajectory " + t, ref.get(t).theta(), out.get(t).theta().floats());
      assertThat(out.get(t).states()).hasSize(ref.get(t).state().length);
      for (int j = 0; j < ref.get(t).state().length; j++) {
        assertClose("state " + j + " of trajectory " + t, ref.get(t).state()[j], out.get(t).states().get(j).floats());
      }
    }
  }

  private static List<TeacherSpec> twoSgdTeachers() {
    return List.of(TeacherSpec.of(TinyRules.sgd(0.5f)), TeacherSpec.of(TinyRules.sgd(1f)));
  }

  private static List<ReferenceUnroll.Rule> refRules(float[] studentWeights) {
    return List.of(refLearned(studentWeights), ReferenceUnroll.sgd(0.5), ReferenceUnroll.sgd(1.0));
  }

  @Test
  void referenceGradientIsTheDerivativeOfItsLoss() {
    // The reference's hand-written backpropagation against central differences of its own loss.
    Case c = newCase(1, 3);
    double[] theta = ReferenceUnroll.times(c.thetaTilde(), c.s());
    double[] g = ReferenceUnroll.gradient(theta, c.x()[0], c.y()[0]);
    for (int j = 0; j < theta.length; j++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[j] += 1e-6;
      minus[j] -= 1e-6;
      double fd = (ReferenceUnroll.loss(plus, c.x()[0], c.y()[0]) - ReferenceUnroll.loss(minus, c.x()[0], c.y()[0]))
          / 2e-6;
      assertThat(g[j]).as("dL/dtheta[%d]", j).isCloseTo(fd, offset(1e-8));
    }
  }

  @Test
  void defaultWindowMatchesTheReference() {
    Case c = newCase(4, 11);
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults(), WEIGHTS, 1f, 0.3f, 0f);
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), refRules(WEIGHTS),
        refStart(c, refRules(WEIGHTS)), ReferenceUnroll.Settings.defaults());
    assertThat(ref.stopStep()).isEqualTo(-1);
    assertThat(ref.metaLoss()).isNotZero();
    // Both teachers win the max at some step: the counts are not trivially [U, 0].
    assertThat(ref.counts()).containsExactly(2, 2);
    assertWindow(ref, out, 2);
  }

  /** Each variant of the loss settings: engine options and the reference's spelling of the same settings. */
  static Stream<Arguments> variants() {
    UnrollOptions d = UnrollOptions.defaults();
    ReferenceUnroll.Settings r = ReferenceUnroll.Settings.defaults();
    return Stream.of(
        Arguments.of("unroll_weight sum", options(d, d.useLogObjective(), d.scaleObjective(), d.reduce(),
            UnrollOptions.UnrollWeight.SUM, d.huberDelta(), d.teacherOracleScaling()), r.with("sum")),
        Arguments.of("unroll_weight final", options(d, d.useLogObjective(), d.scaleObjective(), d.reduce(),
            UnrollOptions.UnrollWeight.FINAL, d.huberDelta(), d.teacherOracleScaling()), r.with("final")),
        Arguments.of("reduce mean", options(d, d.useLogObjective(), d.scaleObjective(), UnrollOptions.Reduce.MEAN,
            d.unrollWeight(), d.huberDelta(), d.teacherOracleScaling()),
            new ReferenceUnroll.Settings(true, true, false, "mean", 1e-10, -1, -1, true, false)),
        Arguments.of("no log objective", options(d, false, d.scaleObjective(), d.reduce(), d.unrollWeight(),
            d.huberDelta(), d.teacherOracleScaling()),
            new ReferenceUnroll.Settings(false, true, true, "mean", 1e-10, -1, -1, true, false)),
        Arguments.of("no log objective, reduce mean", options(d, false, d.scaleObjective(),
            UnrollOptions.Reduce.MEAN, d.unrollWeight(), d.huberDelta(), d.teacherOracleScaling()),
            new ReferenceUnroll.Settings(false, true, false, "mean", 1e-10, -1, -1, true, false)),
        Arguments.of("objective not scaled", options(d, d.useLogObjective(), false, d.reduce(), d.unrollWeight(),
            d.huberDelta(), d.teacherOracleScaling()),
            new ReferenceUnroll.Settings(true, false, true, "mean", 1e-10, -1, -1, true, false)),
        Arguments.of("huber 0.05", options(d, d.useLogObjective(), d.scaleObjective(), d.reduce(), d.unrollWeight(),
            0.05, d.teacherOracleScaling()),
            new ReferenceUnroll.Settings(true, true, true, "mean", 1e-10, 0.05, -1, true, false)),
        Arguments.of("no oracle scaling", options(d, d.useLogObjective(), d.scaleObjective(), d.reduce(),
            d.unrollWeight(), d.huberDelta(), false),
            new ReferenceUnroll.Settings(true, true, true, "mean", 1e-10, -1, -1, false, false)));
  }

  private static UnrollOptions options(UnrollOptions d, boolean log, boolean scaled, UnrollOptions.Reduce reduce,
      UnrollOptions.UnrollWeight weight, double huber, boolean oracle) {
    return new UnrollOptions(log, scaled, reduce, weight, d.epsilon(), huber, d.objTrainMaxMultiplier(), oracle,
        d.secondOrder(), d.zeroOnNan());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void lossSettingsMatchTheReference(String name, UnrollOptions options, ReferenceUnroll.Settings settings) {
    Case c = newCase(4, 11);
    // A trained teacher besides the two SGD ones: its state passes through the oracle scaling too.
    List<TeacherSpec> teachers = new ArrayList<>(twoSgdTeachers());
    teachers.add(learnedTeacher());
    List<ReferenceUnroll.Rule> rules = new ArrayList<>(refRules(WEIGHTS));
    rules.add(refLearned(TEACHER_WEIGHTS));
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), teachers, UnrollGraph.Mode.VALIDATE, options,
        WEIGHTS, 1f, 0.3f, 0f);
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules), settings);
    assertThat(ref.stopStep()).isEqualTo(-1);
    assertWindow(ref, out, 3);
  }

  @Test
  void huberCaseHasDifferencesOnBothSidesOfDelta() {
    // Guards the Huber variant above: with delta 0.05 both the quadratic and the linear branch are used.
    Case c = newCase(4, 11);
    List<ReferenceUnroll.Rule> rules = refRules(WEIGHTS);
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        ReferenceUnroll.Settings.defaults());
    int small = 0;
    int large = 0;
    for (int t = 1; t < rules.size(); t++) {
      for (int j = 0; j < ReferenceUnroll.N; j++) {
        double diff = Math.abs(ref.end().get(0).theta()[j] - ref.end().get(t).theta()[j]);
        if (diff <= 0.05) {
          small++;
        } else {
          large++;
        }
      }
    }
    assertThat(small).isPositive();
    assertThat(large).isPositive();
  }

  @Test
  void stopRuleEndsTheWindowAfterTheUpdateOfTheStepThatExceedsTheLimit() {
    Case c = newCase(5, 13);
    // Gradient ascent of about 0.5 per internal coordinate: the loss grows at every step.
    float[] ascent = {-20f, 0f, 0f};
    List<ReferenceUnroll.Rule> rules = refRules(ascent);
    ReferenceUnroll.Result free = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        ReferenceUnroll.Settings.defaults());
    double r1 = free.studentLosses()[1] / free.initObjectives()[1];
    double r2 = free.studentLosses()[2] / free.initObjectives()[2];
    assertThat(r2).isGreaterThan(r1 * 1.01);
    assertThat(r1).isGreaterThan(1.01);
    // Multiplier just below step 2's ratio: step 2 exceeds (mult - 1) |init| + init, step 1 does not, and a limit
    // off by one |init| (mult |init| + init) would not stop the window.
    double multiplier = r2 * (1 - 1e-3);
    assertThat(multiplier).isGreaterThan(r1).isGreaterThan(r2 - 1);
    ReferenceUnroll.Settings settings = new ReferenceUnroll.Settings(true, true, true, "mean", 1e-10, -1,
        multiplier, true, false);
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules), settings);
    assertThat(ref.stopStep()).isEqualTo(2);
    UnrollOptions d = UnrollOptions.defaults();
    UnrollOptions options = new UnrollOptions(true, true, UnrollOptions.Reduce.MAX, UnrollOptions.UnrollWeight.MEAN,
        d.epsilon(), -1, multiplier, true, true, false);
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        options, ascent, 1f, 0.3f, 0f);
    assertWindow(ref, out, 2);
    assertThat(out.teacherCounts()[0] + out.teacherCounts()[1]).isEqualTo(2f);
  }

  @Test
  void nanGuardSkipsTheStudentUpdateAndKeepsItsState() {
    Case c = newCase(4, 17);
    UpdateRule student = TinyRules.nanAt(0.5f, 1);
    List<ReferenceUnroll.Rule> rules = List.of(ReferenceUnroll.nanAt(0.5, 1), ReferenceUnroll.sgd(0.5),
        ReferenceUnroll.sgd(1.0));
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        ReferenceUnroll.Settings.defaults());
    // The counter stays at the NaN step, so every later update is guarded too: one update in all.
    assertThat(ref.end().get(0).state()[0][0]).isEqualTo(1.0);
    UnrollGraph.WindowOutput out = runEngine(c, student, twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults(), null, 1f, 0.3f, 0f);
    assertWindow(ref, out, 2);
  }

  @Test
  void nanGuardReproducingTheOriginalZeroesTheParameters() {
    Case c = newCase(4, 17);
    UnrollOptions d = UnrollOptions.defaults();
    UnrollOptions zeroing = new UnrollOptions(true, true, UnrollOptions.Reduce.MAX, UnrollOptions.UnrollWeight.MEAN,
        d.epsilon(), -1, -1, true, true, true);
    List<ReferenceUnroll.Rule> rules = List.of(ReferenceUnroll.nanAt(0.5, 1), ReferenceUnroll.sgd(0.5),
        ReferenceUnroll.sgd(1.0));
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        new ReferenceUnroll.Settings(true, true, true, "mean", 1e-10, -1, -1, true, true));
    assertThat(ref.end().get(0).theta()).containsOnly(0.0);
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.nanAt(0.5f, 1), twoSgdTeachers(),
        UnrollGraph.Mode.VALIDATE, zeroing, null, 1f, 0.3f, 0f);
    assertWindow(ref, out, 2);
  }

  @Test
  void nanGuardOfATeacherLeavesTheStudentAlone() {
    Case c = newCase(4, 17);
    List<TeacherSpec> teachers = List.of(TeacherSpec.of(TinyRules.nanAt(0.5f, 2)), TeacherSpec.of(TinyRules.sgd(1f)));
    List<ReferenceUnroll.Rule> rules = List.of(refLearned(WEIGHTS), ReferenceUnroll.nanAt(0.5, 2),
        ReferenceUnroll.sgd(1.0));
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        ReferenceUnroll.Settings.defaults());
    assertThat(ref.end().get(1).state()[0][0]).isEqualTo(2.0);
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), teachers, UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults(), WEIGHTS, 1f, 0.3f, 0f);
    assertWindow(ref, out, 2);
  }

  @Test
  void warmupIsSgdOnTheStudentWithEveryRuleStateAdvanced() {
    Case c = newCase(3, 19);
    double rate = 0.7;
    List<TeacherSpec> teachers = List.of(TeacherSpec.of(TinyRules.sgd(0.5f)),
        new TeacherSpec(TinyRules.learnedWithCounter(), weights(TEACHER_WEIGHTS)),
        TeacherSpec.of(TinyRules.nanAt(0.5f, 1)));
    List<ReferenceUnroll.Rule> rules = List.of(
        ReferenceUnroll.learned(WEIGHTS[0], WEIGHTS[1], WEIGHTS[2], true), ReferenceUnroll.sgd(0.5),
        ReferenceUnroll.learned(TEACHER_WEIGHTS[0], TEACHER_WEIGHTS[1], TEACHER_WEIGHTS[2], true),
        ReferenceUnroll.nanAt(0.5, 1));
    // Teachers start elsewhere: warm-up ignores their parameters and ends them at the student's.
    try (UnrollGraph graph = new UnrollGraph(c.problem(), TinyRules.learnedWithCounter(), teachers,
        WeightTransform.IDENTITY, c.unroll(), UnrollGraph.Mode.WARMUP, UnrollOptions.defaults())) {
      List<Trajectory> start = new ArrayList<>(engineStart(graph, c));
      float[] elsewhere = c.theta().clone();
      for (int i = 0; i < elsewhere.length; i++) {
        elsewhere[i] += 1f;
      }
      start.set(1, Trajectory.start(HostTensor.of(Shape.of(elsewhere.length), elsewhere), graph.teacherSlots().get(0)));
      UnrollGraph.WindowOutput out = graph.run(new UnrollGraph.WindowInput(c.images(), c.labels(), c.scale(),
          weights(WEIGHTS), start, 0f, 0f, (float) rate));
      List<ReferenceUnroll.Traj> ref = ReferenceUnroll.warmup(c.x(), c.y(), c.s(), rules, refStart(c, rules),
          (float) rate, true);
      // The kept counter stays zero, the NaN teacher's counter stops at its NaN step.
      assertThat(ref.get(0).state()[1]).containsOnly(0.0);
      assertThat(ref.get(3).state()[0][0]).isEqualTo(1.0);
      assertTrajectories(ref, out.trajectories());
    }
  }

  @Test
  void lossWeightingGivesTheSpecWeights() {
    Random rng = new Random(1);
    assertThat(LossWeighting.SUM.weights(0.3, rng)).containsExactly(1f, 0.3f);
    assertThat(LossWeighting.IMITATION.weights(0.3, rng)).containsExactly(0f, 1f);
    assertThat(LossWeighting.META.weights(0.3, rng)).containsExactly(1f, 0f);
    int imitationOnly = 0;
    int draws = 4000;
    for (int i = 0; i < draws; i++) {
      float[] w = LossWeighting.SWITCH.weights(0.3, rng);
      assertThat(w).satisfiesAnyOf(v -> assertThat(v).containsExactly(0f, 1f),
          v -> assertThat(v).containsExactly(1f, 0f));
      imitationOnly += w[1] == 1f ? 1 : 0;
    }
    // With probability p_teacher imitation only (spec §5.4).
    assertThat(imitationOnly / (double) draws).isCloseTo(0.3, offset(0.03));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("weightings")
  void metaGradientIsTheDerivativeOfTheReferenceWeightedTotal(LossWeighting weighting) {
    Case c = newCase(4, 11);
    float[] lw = weighting.weights(0.3, new Random(1));
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults(), WEIGHTS, lw[0], lw[1], 0f);
    float[] engine = out.gradients().get("a");
    for (int j = 0; j < WEIGHTS.length; j++) {
      double h = 1e-5;
      double[] plus = toDouble(WEIGHTS);
      double[] minus = toDouble(WEIGHTS);
      plus[j] += h;
      minus[j] -= h;
      double fd = (total(c, plus, lw) - total(c, minus, lw)) / (2 * h);
      assertThat((double) engine[j]).as("d total / d a[%d] (%s): engine %s vs reference %s", j, weighting,
          engine[j], fd).isCloseTo(fd, offset(1e-4 + 1e-3 * Math.abs(fd)));
    }
  }

  /**
   * First order: the inner gradients are constants, so the reference's differences hold the student's gradients at
   * their values of the unperturbed window (the losses still follow the parameters). The first-order graph feeds
   * the meta-backward the forward's gradient instead of differentiating the loss again; this pins that it is exact.
   */
  @Test
  void firstOrderMetaGradientIsTheDerivativeWithTheInnerGradientsHeldFixed() {
    Case c = newCase(4, 11);
    float[] lw = {1f, 0.3f};
    float[] first = runEngine(c, TinyRules.learned(), twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults().withSecondOrder(false), WEIGHTS, lw[0], lw[1], 0f).gradients().get("a");
    float[] second = runEngine(c, TinyRules.learned(), twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults(), WEIGHTS, lw[0], lw[1], 0f).gradients().get("a");
    List<ReferenceUnroll.Rule> base = refRules(WEIGHTS);
    double[][] fixed = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), base, refStart(c, base),
        ReferenceUnroll.Settings.defaults()).studentGradients();
    double differs = 0;
    for (int j = 0; j < WEIGHTS.length; j++) {
      double h = 1e-5;
      double[] plus = toDouble(WEIGHTS);
      double[] minus = toDouble(WEIGHTS);
      plus[j] += h;
      minus[j] -= h;
      double fd = (total(c, plus, lw, fixed) - total(c, minus, lw, fixed)) / (2 * h);
      assertThat((double) first[j]).as("first-order d total / d a[%d]: engine %s vs reference %s", j, first[j], fd)
          .isCloseTo(fd, offset(1e-4 + 1e-3 * Math.abs(fd)));
      differs = Math.max(differs, Math.abs(first[j] - second[j]) / (Math.abs(second[j]) + 1e-6));
    }
    assertThat(differs).as("the first-order gradient is not the second-order one").isGreaterThan(1e-2);
  }

  static Stream<LossWeighting> weightings() {
    return Stream.of(LossWeighting.SUM, LossWeighting.IMITATION, LossWeighting.META);
  }

  private static double total(Case c, double[] a, float[] lw) {
    return total(c, a, lw, null);
  }

  private static double total(Case c, double[] a, float[] lw, double[][] fixedStudentGradients) {
    List<ReferenceUnroll.Rule> rules = List.of(ReferenceUnroll.learned(a[0], a[1], a[2]), ReferenceUnroll.sgd(0.5),
        ReferenceUnroll.sgd(1.0));
    ReferenceUnroll.Result r = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        ReferenceUnroll.Settings.defaults(), fixedStudentGradients);
    return lw[0] * r.metaLoss() + lw[1] * r.imitationLoss();
  }

  @Test
  void validationPeriodOfTheLearnerMatchesTheReference() {
    TinyProblem problem = new TinyProblem(256, BATCH, 7);
    int unroll = 3;
    PeriodArgs args = new PeriodArgs(unroll, 2, 2, 2, 0.05, 0.3, true, 77L);
    List<TeacherSpec> teachers = twoSgdTeachers();
    PeriodResult result;
    try (MetaLearner learner = learner(problem, teachers)) {
      learner.setWeights(Map.of("a", WEIGHTS.clone()));
      result = learner.run(args, ProgressListener.NONE);
      assertThat(learner.weights().get("a")).containsExactly(WEIGHTS);
    }
    // The same instances again, drawn by a twin worker: their theta0, s and windows, unrolled by the reference.
    try (MetaWorker twin = new MetaWorker(problem, problem.trainData(), TinyRules.learned(), teachers,
        WeightTransform.IDENTITY, UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD)) {
      int step = 0;
      for (int e = 0; e < args.epochs(); e++) {
        ProblemInstance instance = twin.start(InstanceSeeds.validation(77L, e), unroll);
        float[] theta0 = instance.initialParameters();
        float[] s = instance.scale();
        double[] thetaTilde = new double[theta0.length];
        for (int i = 0; i < s.length; i++) {
          assertThat((double) s[i]).isBetween(Math.exp(-3) * (1 - 1e-6), Math.exp(3) * (1 + 1e-6));
          thetaTilde[i] = (float) (theta0[i] / s[i]);
        }
        for (Trajectory t : instance.trajectories()) {
          assertClose("theta~0 = theta0 / s", thetaTilde, t.theta().floats());
        }
        List<ReferenceUnroll.Rule> rules = refRules(WEIGHTS);
        List<ReferenceUnroll.Traj> traj = new ArrayList<>();
        for (ReferenceUnroll.Rule r : rules) {
          traj.add(ReferenceUnroll.start(thetaTilde, r));
        }
        Case window;
        for (int w = 0; w < args.warmup(); w++) {
          window = windowCase(problem, twin.nextWindow(instance), s, theta0, unroll);
          traj = ReferenceUnroll.warmup(window.x(), window.y(), toDouble(s), rules, traj, 0.05, true);
        }
        for (int d = 0; d < args.depth(); d++) {
          window = windowCase(problem, twin.nextWindow(instance), s, theta0, unroll);
          ReferenceUnroll.Result ref = ReferenceUnroll.unroll(window.x(), window.y(), toDouble(s), rules, traj,
              ReferenceUnroll.Settings.defaults());
          assertClose("meta loss of meta-step " + step, ref.metaLoss(), result.metaLoss()[step]);
          assertClose("imitation loss of meta-step " + step, ref.imitationLoss(), result.imitationLoss()[step]);
          assertClose("teacher counts of meta-step " + step, ref.counts(), result.teacherCounts()[step]);
          traj = ref.end();
          step++;
        }
      }
    }
  }

  @Test
  void windowWithoutTeachersHasNoImitationLoss() {
    Case c = newCase(4, 23);
    List<ReferenceUnroll.Rule> rules = List.of(refLearned(WEIGHTS));
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), rules, refStart(c, rules),
        ReferenceUnroll.Settings.defaults());
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), List.of(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults(), WEIGHTS, 1f, 0.3f, 0f);
    assertThat(ref.imitationLoss()).isZero();
    assertThat(out.teacherCounts()).isEmpty();
    assertWindow(ref, out, 0);
  }

  @Test
  void firstOrderGraphHasTheSameForwardValues() {
    Case c = newCase(4, 11);
    UnrollGraph.WindowOutput out = runEngine(c, TinyRules.learned(), twoSgdTeachers(), UnrollGraph.Mode.TRAIN,
        UnrollOptions.defaults().withSecondOrder(false), WEIGHTS, 1f, 0.3f, 0f);
    ReferenceUnroll.Result ref = ReferenceUnroll.unroll(c.x(), c.y(), c.s(), refRules(WEIGHTS),
        refStart(c, refRules(WEIGHTS)), ReferenceUnroll.Settings.defaults());
    assertWindow(ref, out, 2);
  }

  @Test
  void windowSamplerDrawsDistinctExamplesAsFloatsOverByte() {
    TinyProblem problem = new TinyProblem(64, BATCH, 7);
    int unroll = 6;
    WindowSampler sampler = new WindowSampler(problem.trainData(), BATCH, unroll);
    Random rng = new Random(3);
    for (int draw = 0; draw < 3; draw++) {
      WindowSampler.Batch batch = sampler.sample(rng);
      assertThat(batch.labels()).hasSize(unroll * BATCH);
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int e = 0; e < unroll * BATCH; e++) {
        int match = -1;
        for (int i = 0; i < problem.trainData().size() && match < 0; i++) {
          boolean same = true;
          for (int j = 0; j < 4; j++) {
            same &= batch.images()[e * 4 + j] == problem.trainData().pixel(i, j) / 255f;
          }
          if (same) {
            match = i;
          }
        }
        assertThat(match).as("example %d of the window is an example of the data", e).isNotNegative();
        assertThat(batch.labels()[e]).isEqualTo(problem.trainData().label(match));
        // Without replacement within a window (spec §3.2).
        assertThat(seen.add(match)).as("example %d drawn twice", match).isTrue();
      }
    }
  }

  @Test
  void firstMetaStepOfATrainingPeriodMatchesTheReference() {
    TinyProblem problem = new TinyProblem(256, BATCH, 7);
    int unroll = 3;
    PeriodArgs args = new PeriodArgs(unroll, 1, 1, 2, 0.05, 0.3, false, 91L);
    List<TeacherSpec> teachers = twoSgdTeachers();
    PeriodResult result;
    try (MetaLearner learner = learner(problem, teachers)) {
      learner.setWeights(Map.of("a", WEIGHTS.clone()));
      result = learner.run(args, ProgressListener.NONE);
      assertThat(learner.weights().get("a")).isNotEqualTo(WEIGHTS);
    }
    try (MetaWorker twin = new MetaWorker(problem, problem.trainData(), TinyRules.learned(), teachers,
        WeightTransform.IDENTITY, UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD)) {
      ProblemInstance instance = twin.start(InstanceSeeds.training(91L, 0), unroll);
      float[] s = instance.scale();
      float[] theta0 = instance.initialParameters();
      List<ReferenceUnroll.Rule> rules = refRules(WEIGHTS);
      List<ReferenceUnroll.Traj> traj = new ArrayList<>();
      for (ReferenceUnroll.Rule r : rules) {
        traj.add(new ReferenceUnroll.Traj(toDouble(instance.trajectories().get(0).theta().floats()),
            new double[r.states()][ReferenceUnroll.N]));
      }
      for (int w = 0; w < args.warmup(); w++) {
        Case window = windowCase(problem, twin.nextWindow(instance), s, theta0, unroll);
        traj = ReferenceUnroll.warmup(window.x(), window.y(), toDouble(s), rules, traj, 0.05, true);
      }
      Case window = windowCase(problem, twin.nextWindow(instance), s, theta0, unroll);
      ReferenceUnroll.Result ref = ReferenceUnroll.unroll(window.x(), window.y(), toDouble(s), rules, traj,
          ReferenceUnroll.Settings.defaults());
      assertClose("meta loss", ref.metaLoss(), result.metaLoss()[0]);
      assertClose("imitation loss", ref.imitationLoss(), result.imitationLoss()[0]);
      assertClose("teacher counts", ref.counts(), result.teacherCounts()[0]);
    }
  }

  /** The learner of the period tests; validation runs the teachers, so its imitation loss and counts compare too. */
  private static MetaLearner learner(TinyProblem problem, List<TeacherSpec> teachers) {
    return new MetaLearner(new MetaWorker(problem, problem.trainData(), TinyRules.learned(), teachers,
        WeightTransform.IDENTITY, UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD), LossWeighting.SUM,
        AdaptiveGradientClipping.defaults(), OuterAdam.withLearningRate(1e-3), Perturbation.NONE, 5L, true);
  }

  private static Case windowCase(TinyProblem problem, ProblemInstance.Window w, float[] s, float[] theta, int u) {
    return new Case(problem, w.batch().images(), w.batch().labels(), s, theta, u);
  }
}
