package org.l2o.perturbations;

/**
 * The original's {@code FGSMPerturbation} (spec §8): one ascent step {@code delta += eta * sign(dLoss/d delta)} per
 * window, on every weight tensor. {@code sign(0) = 0}, as TensorFlow's.
 */
public final class Fgsm extends AdversarialPerturbation {
  private final double stepSize;

  /** @param stepSize eta (the original's default 0.01, preset {@code fgsm} 0.001) */
  public Fgsm(double stepSize) {
    super(1);
    if (!(stepSize >= 0) || !Double.isFinite(stepSize)) {
      throw new IllegalArgumentException("step_size must be a finite number >= 0, got " + stepSize);
    }
    this.stepSize = stepSize;
  }

  @Override
  float[] step(float[] w, float[] delta, float[] g) {
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (float) (delta[i] + stepSize * Math.signum(g[i]));
    }
    return delta;
  }

  @Override
  public String toString() {
    return "FGSMPerturbation{step_size=" + stepSize + "}";
  }
}
