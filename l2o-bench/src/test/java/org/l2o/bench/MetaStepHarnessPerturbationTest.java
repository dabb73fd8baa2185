package org.l2o.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.perturbations.Fgsm;
import org.l2o.perturbations.GaussianNoise;
import org.l2o.problems.ImageClassifier;

/**
 * The benchmark harness perturbs TRAIN windows as meta-training does: an attack whose step is zero changes nothing
 * (its probe does not advance the instance), a real one and weight noise change the window's loss, and forward-only
 * windows are never attacked.
 */
class MetaStepHarnessPerturbationTest {
  private static final ImageClassifier PROBLEM = BenchData.SYNTHETIC.problem("mlp_train");

  private static float metaLoss(MetaStepConfig config, Perturbation perturbation) {
    try (MetaStepHarness h = new MetaStepHarness(PROBLEM, config, 9, perturbation)) {
      return h.step(h.nextInput()).metaLoss();
    }
  }

  @Test
  void trainWindowsAreAttackedAndNoisedForwardWindowsAreNotAttacked() {
    MetaStepConfig train = MetaStepConfig.train(2, 1, false);
    float plain = metaLoss(train, Perturbation.NONE);
    assertThat(metaLoss(train, new Fgsm(0))).isEqualTo(plain);
    assertThat(metaLoss(train, new Fgsm(0.05))).isNotEqualTo(plain);
    assertThat(metaLoss(train, new GaussianNoise(0.05, true, 1e-8, false))).isNotEqualTo(plain);
    MetaStepConfig forward = MetaStepConfig.forward(2, 1);
    assertThat(metaLoss(forward, new Fgsm(0.05))).isEqualTo(metaLoss(forward, Perturbation.NONE));
  }
}
