package org.l2o.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.train.InstanceSeeds;
import org.l2o.core.train.MetaWorker;
import org.l2o.core.train.ParameterLayout;
import org.l2o.core.train.ProblemInstance;
import org.l2o.core.train.UnrollOptions;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.data.Datasets;

/**
 * The problem instances of a period on {@code mlp_train}: initial parameters and parameter scaling come from
 * independent streams. An earlier engine drew both from one generator seeded alike in validation, so that
 * theta0 = L * ln(s) / 3 on every kernel coordinate (correlation 1) and the checkpoint selection ran on
 * coupled instances.
 */
class ProblemInstanceSeedsTest {
  private static final long VALIDATION_SEED = 12345;
  private static MetaWorker worker;
  private static ParameterLayout layout;

  @BeforeAll
  static void build() {
    ImageClassifier problem = ProblemRegistry.create("mlp_train", Datasets::load);
    worker = new MetaWorker(problem, problem.trainData(), AnalyticalRules.fromSpec("SGD", Map.of()), List.of(),
        WeightTransform.IDENTITY, UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD);
    layout = worker.layout();
  }

  @AfterAll
  static void close() {
    worker.close();
  }

  /** Pearson correlation of theta0 and ln s over the coordinates of the kernels (non-zero initialisers). */
  private static double kernelCorrelation(ProblemInstance instance) {
    float[] theta = instance.initialParameters();
    float[] scale = instance.scale();
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int t = 0; t < layout.tensors(); t++) {
      if (!layout.specs().get(t).name().endsWith("kernel")) {
        continue;
      }
      long from = layout.offset(t);
      for (long i = from; i < from + layout.shape(t).size(); i++) {
        double x = theta[(int) i];
        double y = Math.log(scale[(int) i]);
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
      }
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  }

  @Test
  void validationInstancesHaveInitialParametersUncorrelatedWithTheirScaling() {
    for (int e = 0; e < 3; e++) {
      ProblemInstance instance = worker.start(InstanceSeeds.validation(VALIDATION_SEED, e), 20);
      // About 15,700 kernel coordinates: the standard error of r is below 0.01.
      assertThat(Math.abs(kernelCorrelation(instance))).isLessThan(0.05);
    }
  }

  @Test
  void validationInstancesShareTheirStartButNotTheirScaling() {
    ProblemInstance a = worker.start(InstanceSeeds.validation(VALIDATION_SEED, 0), 20);
    ProblemInstance b = worker.start(InstanceSeeds.validation(VALIDATION_SEED, 1), 20);
    ProblemInstance again = worker.start(InstanceSeeds.validation(VALIDATION_SEED, 0), 20);
    assertThat(b.initialParameters()).containsExactly(a.initialParameters());
    assertThat(b.scale()).isNotEqualTo(a.scale());
    assertThat(again.scale()).containsExactly(a.scale());
  }

  @Test
  void trainingInstancesDifferInEveryStream() {
    ProblemInstance a = worker.start(InstanceSeeds.training(7, 0), 20);
    ProblemInstance b = worker.start(InstanceSeeds.training(7, 1), 20);
    assertThat(b.initialParameters()).isNotEqualTo(a.initialParameters());
    assertThat(b.scale()).isNotEqualTo(a.scale());
    assertThat(Math.abs(kernelCorrelation(a))).isLessThan(0.05);
  }
}
