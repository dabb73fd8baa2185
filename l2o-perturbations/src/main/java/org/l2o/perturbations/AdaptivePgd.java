package org.l2o.perturbations;

/**
 * The original's {@code CGDPerturbation}, the paper's "adaptive PGD" (spec §8, eq. 6): per attack step and weight
 * tensor {@code w}, {@code delta += clip_by_norm(dLoss/d delta, epsilon * ||w||_F)}, as the code does (the gradient
 * is clipped to at most that norm; no learning rate, no projection of the accumulated offset). With
 * {@code normalize} the step is eq. 6 as written: the gradient scaled to exactly {@code epsilon * ||w||_F}.
 */
public final class AdaptivePgd extends AdversarialPerturbation {
  private final double magnitude;
  private final boolean normalize;

  /**
   * @param steps     attack steps per window (the original's default 1)
   * @param magnitude epsilon, relative to the tensor's Frobenius norm (the original's default 0.005, preset 0.001)
   * @param normalize whether each step has norm exactly epsilon * ||w||_F (eq. 6) instead of at most (the code)
   */
  public AdaptivePgd(int steps, double magnitude, boolean normalize) {
    super(steps);
    if (!(magnitude >= 0) || !Double.isFinite(magnitude)) {
      throw new IllegalArgumentException("magnitude must be a finite number >= 0, got " + magnitude);
    }
    this.magnitude = magnitude;
    this.normalize = normalize;
  }

  @Override
  float[] step(float[] w, float[] delta, float[] g) {
    double radius = magnitude * HostVectors.l2(w);
    double norm = HostVectors.l2(g);
    double factor = normalize ? (norm > 0 ? radius / norm : 0) : HostVectors.clipFactor(norm, radius);
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (float) (delta[i] + g[i] * factor);
    }
    return delta;
  }

  @Override
  public String toString() {
    return "CGDPerturbation{steps=" + attackSteps() + ", magnitude=" + magnitude
        + (normalize ? ", normalize=true" : "") + "}";
  }
}
