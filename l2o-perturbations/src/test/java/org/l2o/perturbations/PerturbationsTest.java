package org.l2o.perturbations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.json.ConfigException;
import org.l2o.core.perturbation.Perturbation;

/** The original's {@code {class_name, config}} specs, their defaults and the refusals naming the path. */
class PerturbationsTest {
  private static Map<String, Object> spec(String className, Map<String, Object> config) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("class_name", className);
    s.put("config", config);
    return s;
  }

  @Test
  void readsEveryClassWithTheOriginalsDefaults() {
    assertThat(Perturbations.fromConfig(null)).isSameAs(Perturbation.NONE);
    assertThat(Perturbations.fromConfig(spec("BasePerturbation", Map.of()))).isSameAs(Perturbation.NONE);
    Perturbation random = Perturbations.fromConfig(spec("RandomPerturbation", Map.of("noise_stddev", 0.0005,
        "relative", true)));
    assertThat(random).isInstanceOf(GaussianNoise.class);
    assertThat(((GaussianNoise) random).relative()).isTrue();
    assertThat(random.transform().drawsPerUse()).isTrue();
    assertThat(random.attackSteps()).isZero();
    assertThat(Perturbations.fromConfig(spec("FGSMPerturbation", Map.of())).toString()).contains("step_size=0.01");
    Perturbation cgd = Perturbations.fromConfig(spec("CGDPerturbation", Map.of()));
    assertThat(cgd.attackSteps()).isEqualTo(1);
    assertThat(cgd.toString()).contains("magnitude=0.005");
    Perturbation pgd = Perturbations.fromConfig(spec("PGDPerturbation", Map.of("steps", 3, "magnitude", 1e-4,
        "norm", "l2", "learning_rate", 0.1)));
    assertThat(pgd.attackSteps()).isEqualTo(3);
    assertThat(pgd.toString()).contains("norm=l2");
    assertThat(Perturbations.fromConfig(spec("PersistentRandomPerturbation", Map.of("noise_stddev", 0.1))))
        .isInstanceOf(PersistentGaussian.class);
    Map<String, Object> noConfig = new LinkedHashMap<>();
    noConfig.put("class_name", "CGDPerturbation");
    assertThat(Perturbations.fromConfig(noConfig).attackSteps()).isEqualTo(1);
  }

  @Test
  void refusesBadSpecsNamingTheKey() {
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("GaussianPerturbation", Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("policy/perturbation/class_name")
        .hasMessageContaining("GaussianPerturbation").hasMessageContaining("RandomPerturbation");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("FGSMPerturbation", Map.of("steps", 2))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("policy/perturbation/config/steps")
        .hasMessageContaining("step_size");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("CGDPerturbation", Map.of("steps", 1.5))))
        .hasMessageContaining("policy/perturbation/config/steps").hasMessageContaining("integer");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("CGDPerturbation", Map.of("steps", 1001))))
        .hasMessageContaining("policy/perturbation/config/steps").hasMessageContaining("1000");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("CGDPerturbation", Map.of("magnitude", -1))))
        .hasMessageContaining("policy/perturbation/config/magnitude").hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("RandomPerturbation", Map.of())))
        .hasMessageContaining("policy/perturbation/config/noise_stddev").hasMessageContaining("required");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("RandomPerturbation", Map.of("noise_stddev", 0.1,
        "relative", "yes")))).hasMessageContaining("policy/perturbation/config/relative");
    assertThatThrownBy(() -> Perturbations.fromConfig(spec("PGDPerturbation", Map.of("steps", 1, "magnitude", 1e-4,
        "norm", "l1", "learning_rate", 0.1)))).hasMessageContaining("policy/perturbation/config/norm")
        .hasMessageContaining("'l1'").hasMessageContaining("inf");
    assertThatThrownBy(() -> Perturbations.fromConfig(Map.of("class_name", "CGDPerturbation", "kwargs", Map.of())))
        .hasMessageContaining("policy/perturbation/kwargs");
    assertThatThrownBy(() -> Perturbations.fromConfig("cgd")).hasMessageContaining("policy/perturbation");
  }

  @Test
  void persistentNoiseIsDrawnInTrainingAndZeroInValidation() {
    PersistentGaussian p = new PersistentGaussian(0.5);
    Map<String, float[]> w = Map.of("w", new float[20_000]);
    float[] train = p.start(w, true, new Random(1)).get("w");
    double s = 0;
    double ss = 0;
    for (float v : train) {
      s += v;
      ss += (double) v * v;
    }
    double n = train.length;
    assertThat(s / n).isBetween(-4 * 0.5 / Math.sqrt(n), 4 * 0.5 / Math.sqrt(n));
    assertThat(Math.sqrt(ss / n)).isBetween(0.5 * (1 - 4 / Math.sqrt(2 * n)), 0.5 * (1 + 4 / Math.sqrt(2 * n)));
    assertThat(p.start(w, false, new Random(1)).get("w")).containsOnly(0f);
    assertThat(p.attackSteps()).isZero();
    for (Perturbation adversarial : List.of(new Fgsm(0.1), new AdaptivePgd(1, 0.1, false),
        new Pgd(2, 0.1, Pgd.Norm.INF, 1))) {
      assertThat(adversarial.start(w, true, new Random(1)).get("w")).containsOnly(0f);
      assertThat(adversarial.start(w, false, new Random(1)).get("w")).containsOnly(0f);
    }
  }

  @Test
  void projectionsOfPgdAndTheClipOfAdaptivePgd() {
    float[] w = {3, 4}; // ||w|| = 5, |w| = 2
    float[] g = {30, -40}; // ||g|| = 50
    // inf: lr * g = (3, -4) clipped to +-1
    assertThat(new Pgd(1, 1, Pgd.Norm.INF, 0.1).step(w, new float[2], g.clone())).containsExactly(1f, -1f);
    // l2: (3, -4) has norm 5, scaled to norm 1
    assertThat(new Pgd(1, 1, Pgd.Norm.L2, 0.1).step(w, new float[2], g)).containsExactly(0.6f, -0.8f);
    // scale: radius 1 * |w| = 2
    assertThat(new Pgd(1, 1, Pgd.Norm.SCALE, 0.1).step(w, new float[2], g)).containsExactly(1.2f, -1.6f);
    // inside the ball: unchanged
    assertThat(new Pgd(1, 10, Pgd.Norm.L2, 0.1).step(w, new float[2], g)).containsExactly(3f, -4f);
    // cgd: clip g to eps * ||w|| = 0.1 * 5 = 0.5, added to the offset
    assertThat(new AdaptivePgd(1, 0.1, false).step(w, new float[] {1, 1}, g)).containsExactly(1.3f, 0.6f);
    // a short gradient is not lengthened by the clip, but it is by eq. 6's normalisation
    float[] small = {0.03f, -0.04f};
    assertThat(new AdaptivePgd(1, 0.1, false).step(w, new float[2], small)).containsExactly(0.03f, -0.04f);
    assertThat(new AdaptivePgd(1, 0.1, true).step(w, new float[2], small)).containsExactly(0.3f, -0.4f);
    // zero weights: no room (the delta network's bias starts at 0)
    assertThat(new AdaptivePgd(1, 0.1, false).step(new float[2], new float[2], g)).containsExactly(0f, 0f);
    assertThat(new Fgsm(0.5).step(w, new float[] {0, 1}, new float[] {-2, 0})).containsExactly(-0.5f, 1f);
  }

  @Test
  void aNonFiniteGradientLeavesThatTensorsOffset() {
    Map<String, float[]> w = Map.of("a", new float[] {1}, "b", new float[] {1});
    Map<String, float[]> delta = new LinkedHashMap<>(Map.of("a", new float[] {0.25f}, "b", new float[] {0.25f}));
    Map<String, float[]> next = new Fgsm(0.5).ascend(w, delta,
        Map.of("a", new float[] {Float.NaN}, "b", new float[] {2}));
    assertThat(next.get("a")).containsExactly(0.25f);
    assertThat(next.get("b")).containsExactly(0.75f);
  }
}
