package org.l2o.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.WeightSpec;
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
import org.l2o.perturbations.AdaptivePgd;
import org.l2o.perturbations.Fgsm;
import org.l2o.perturbations.GaussianNoise;
import org.l2o.perturbations.Pgd;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.data.Datasets;

/**
 * The adversarial perturbations on RNNProp over real MNIST windows of {@code mlp_train} with an Adam teacher:
 * the offset of one attack step is the formula of spec §8 applied to the gradient the engine's probe returns
 * (checked in plain Java), and it ascends the weighted training loss L_meta + p * L_imit, measured by re-running
 * the forward pass at w +- delta (central differences, no gradient of the graph involved). In validation the
 * offset is zero: a huge FGSM step leaves the validation losses bit-identical, while weight noise still acts there.
 */
class PerturbationAttackTest {
  private static final int UNROLL = 3;
  private static final float P_TEACHER = 0.5f;
  private static MetaWorker worker;
  private static ProblemInstance instance;
  private static ProblemInstance.Window window;
  private static Map<String, float[]> weights;
  private static Map<String, float[]> gradient;
  private static double loss;

  @BeforeAll
  static void probe() {
    ImageClassifier problem = ProblemRegistry.create("mlp_train", Datasets::load);
    RnnProp student = new RnnProp(RnnPropConfig.defaults());
    worker = new MetaWorker(problem, problem.trainData(), student,
        List.of(TeacherSpec.of(AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", 0.005)))),
        WeightTransform.IDENTITY, UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD);
    Random init = new Random(11);
    weights = new LinkedHashMap<>();
    for (WeightSpec spec : student.weightSpecs()) {
      weights.put(spec.name(), spec.initializer().sample(spec.shape(), init));
    }
    instance = worker.start(InstanceSeeds.training(3, 0), UNROLL);
    window = worker.nextWindow(instance);
    UnrollGraph.WindowOutput out = worker.evaluate(instance, window, UNROLL, UnrollGraph.Mode.TRAIN, host(weights),
        1f, P_TEACHER);
    gradient = out.gradients();
    loss = out.metaLoss() + P_TEACHER * out.imitationLoss();
  }

  @AfterAll
  static void close() {
    worker.close();
  }

  private static Map<String, HostTensor> host(Map<String, float[]> w) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (WeightSpec spec : worker.student().weightSpecs()) {
      out.put(spec.name(), HostTensor.of(spec.shape(), w.get(spec.name())));
    }
    return out;
  }

  private static Map<String, float[]> zeros() {
    Map<String, float[]> z = new LinkedHashMap<>();
    weights.forEach((k, v) -> z.put(k, new float[v.length]));
    return z;
  }

  /** The forward pass alone (validation graph) at w + h * delta: [L_meta, L_imit]. */
  private static double[] losses(Map<String, float[]> delta, double h) {
    Map<String, float[]> w = new LinkedHashMap<>();
    weights.forEach((k, v) -> {
      float[] d = delta.get(k);
      float[] x = new float[v.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (v[i] + h * d[i]);
      }
      w.put(k, x);
    });
    UnrollGraph.WindowOutput out = worker.evaluate(instance, window, UNROLL, UnrollGraph.Mode.VALIDATE, host(w),
        1f, P_TEACHER);
    return new double[] {out.metaLoss(), out.imitationLoss()};
  }

  private static double dot(Map<String, float[]> a, Map<String, float[]> b) {
    double s = 0;
    for (String k : a.keySet()) {
      float[] x = a.get(k);
      float[] y = b.get(k);
      for (int i = 0; i < x.length; i++) {
        s += (double) x[i] * y[i];
      }
    }
    return s;
  }

  private static double norm(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /**
   * Central differences of the weighted loss along delta match grad . delta (the first-order change), which is
   * positive: the offset ascends. The imitation term is large enough that the meta loss alone would not match.
   */
  private static void assertAscendsTheWeightedLoss(Map<String, float[]> delta, double h) {
    double[] plus = losses(delta, h);
    double[] minus = losses(delta, -h);
    double weighted = ((plus[0] + P_TEACHER * plus[1]) - (minus[0] + P_TEACHER * minus[1])) / (2 * h);
    double metaOnly = (plus[0] - minus[0]) / (2 * h);
    double predicted = dot(gradient, delta);
    assertThat(predicted).isPositive();
    assertThat(weighted).as("directional derivative along delta, grad . delta = %s", predicted)
        .isCloseTo(predicted, within(0.05 * predicted));
    assertThat(Math.abs(metaOnly - predicted)).as("meta loss alone").isGreaterThan(0.1 * predicted);
    double[] at = losses(delta, 1);
    assertThat(at[0] + P_TEACHER * at[1]).as("the loss at w + delta").isGreaterThan(loss);
  }

  @Test
  void theProbeIsTheWeightedLossOfTheWindow() {
    double[] at = losses(zeros(), 0);
    assertThat(at[0] + P_TEACHER * at[1]).isCloseTo(loss, within(1e-5 * Math.abs(loss) + 1e-6));
  }

  @Test
  void fgsmStepsAlongTheSignOfTheGradient() {
    double eta = 1e-3;
    Map<String, float[]> delta = new Fgsm(eta).ascend(weights, zeros(), gradient);
    double predicted = 0;
    for (String k : weights.keySet()) {
      float[] g = gradient.get(k);
      for (int i = 0; i < g.length; i++) {
        assertThat(delta.get(k)[i]).isEqualTo((float) (eta * Math.signum(g[i])));
        predicted += eta * Math.abs(g[i]);
      }
    }
    assertThat(dot(gradient, delta)).isCloseTo(predicted, within(1e-6 * predicted));
    assertAscendsTheWeightedLoss(delta, 0.5);
  }

  @Test
  void adaptivePgdClipsEachTensorsGradientToEpsilonTimesItsNorm() {
    double eps = 1e-3;
    Map<String, float[]> delta = new AdaptivePgd(1, eps, false).ascend(weights, zeros(), gradient);
    int clipped = 0;
    for (String k : weights.keySet()) {
      float[] g = gradient.get(k);
      double radius = eps * norm(weights.get(k));
      double factor = Math.min(1, radius / norm(g));
      clipped += factor < 1 ? 1 : 0;
      for (int i = 0; i < g.length; i++) {
        assertThat((double) delta.get(k)[i]).isCloseTo(g[i] * factor, within(1e-6 * Math.abs(g[i]) + 1e-12));
      }
      assertThat(norm(delta.get(k))).isLessThanOrEqualTo(radius * (1 + 1e-6) + 1e-12);
    }
    assertThat(clipped).as("tensors whose gradient was clipped").isPositive();
    assertAscendsTheWeightedLoss(delta, 1);
  }

  @Test
  void pgdProjectsEachStepOntoTheInfBall() {
    double magnitude = 1e-4;
    double lr = 0.1;
    Map<String, float[]> delta = new Pgd(1, magnitude, Pgd.Norm.INF, lr).ascend(weights, zeros(), gradient);
    for (String k : weights.keySet()) {
      float[] g = gradient.get(k);
      for (int i = 0; i < g.length; i++) {
        double expected = Math.max(-magnitude, Math.min(magnitude, lr * g[i]));
        assertThat((double) delta.get(k)[i]).isCloseTo(expected, within(1e-6 * magnitude));
      }
    }
    assertAscendsTheWeightedLoss(delta, 4);
  }

  @Test
  void validationRunsWithAZeroOffsetAndNoAttack() {
    PeriodArgs validation = new PeriodArgs(UNROLL, 2, 1, 0, 0.05, P_TEACHER, true, 21L);
    PeriodArgs training = new PeriodArgs(UNROLL, 1, 1, 0, 0.05, P_TEACHER, false, 21L);
    float[] plain;
    float[] plainTrain;
    try (MetaLearner none = learner(Perturbation.NONE)) {
      plain = none.run(validation, ProgressListener.NONE).metaLoss();
      plainTrain = none.run(training, ProgressListener.NONE).metaLoss();
    }
    try (MetaLearner attacked = learner(new Fgsm(0.05))) {
      PeriodResult v = attacked.run(validation, ProgressListener.NONE);
      assertThat(v.metaLoss()).containsExactly(plain);
      // the same learner in training: the attacked window's loss differs (the meta pass runs at w + delta)
      float[] train = attacked.run(training, ProgressListener.NONE).metaLoss();
      assertThat(train[0]).isNotEqualTo(plainTrain[0]);
    }
  }

  @Test
  void weightNoiseActsInValidationBecauseTheStudentRunsInTrainingMode() {
    PeriodArgs validation = new PeriodArgs(UNROLL, 2, 1, 1, 0.05, P_TEACHER, true, 21L);
    float[] plain;
    try (MetaLearner none = learner(Perturbation.NONE)) {
      plain = none.run(validation, ProgressListener.NONE).metaLoss();
    }
    try (MetaLearner noisy = learner(new GaussianNoise(0.01, true, 1e-8, false))) {
      float[] v = noisy.run(validation, ProgressListener.NONE).metaLoss();
      assertThat(v[0]).isNotEqualTo(plain[0]);
      assertThat(v[1]).isNotEqualTo(plain[1]);
    }
  }

  private static MetaLearner learner(Perturbation perturbation) {
    ImageClassifier problem = ProblemRegistry.create("mlp_train", Datasets::load);
    MetaWorker w = new MetaWorker(problem, problem.trainData(), new RnnProp(RnnPropConfig.defaults()),
        List.of(TeacherSpec.of(AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", 0.005)))),
        perturbation.transform(), UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD);
    return new MetaLearner(w, LossWeighting.SUM, AdaptiveGradientClipping.defaults(),
        OuterAdam.withLearningRate(OuterAdam.DEFAULT_LEARNING_RATE), perturbation, 5L);
  }
}
