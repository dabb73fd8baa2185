package org.l2o.perturbations;

import java.util.Arrays;
import java.util.Locale;

/**
 * The original's {@code PGDPerturbation} as it was meant to work (spec §8: its constructor raises NameError, so the
 * original never ran it): per attack step and weight tensor, {@code delta = project(delta + lr * dLoss/d delta)}
 * onto the ball of the norm:
 * <ul>
 *   <li>{@code l2}: {@code clip_by_norm(., magnitude)};
 *   <li>{@code inf}: every entry clipped to [-magnitude, magnitude];
 *   <li>{@code scale}: {@code clip_by_norm(., magnitude * |w|)} with {@code |w|} the tensor's number of entries, as
 *       the original writes it (where multiplying by the integer size would have been a TypeError).
 * </ul>
 */
public final class Pgd extends AdversarialPerturbation {
  /** The projection's norm. */
  public enum Norm {
    L2, INF, SCALE;

    /** The norm of a config value ({@code "l2"}, {@code "inf"}, {@code "scale"}). */
    public static Norm of(String name) {
      for (Norm n : values()) {
        if (n.name().toLowerCase(Locale.ROOT).equals(name)) {
          return n;
        }
      }
      throw new IllegalArgumentException("norm must be one of " + Arrays.toString(names()) + ", got '" + name + "'");
    }

    static String[] names() {
      return Arrays.stream(values()).map(n -> n.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }
  }

  private final double magnitude;
  private final Norm norm;
  private final double learningRate;

  /**
   * @param steps        attack steps per window
   * @param magnitude    the radius of the ball (>= 0)
   * @param norm         the ball's norm
   * @param learningRate the ascent step size (>= 0)
   */
  public Pgd(int steps, double magnitude, Norm norm, double learningRate) {
    super(steps);
    if (!(magnitude >= 0) || !Double.isFinite(magnitude)) {
      throw new IllegalArgumentException("magnitude must be a finite number >= 0, got " + magnitude);
    }
    if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning_rate must be a finite number >= 0, got " + learningRate);
    }
    this.magnitude = magnitude;
    this.norm = norm;
    this.learningRate = learningRate;
  }

  @Override
  float[] step(float[] w, float[] delta, float[] g) {
    double[] x = new double[delta.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = delta[i] + learningRate * g[i];
    }
    if (norm == Norm.INF) {
      for (int i = 0; i < x.length; i++) {
        delta[i] = (float) Math.max(-magnitude, Math.min(magnitude, x[i]));
      }
      return delta;
    }
    double radius = norm == Norm.L2 ? magnitude : magnitude * w.length;
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    double factor = HostVectors.clipFactor(Math.sqrt(s), radius);
    for (int i = 0; i < x.length; i++) {
      delta[i] = (float) (x[i] * factor);
    }
    return delta;
  }

  @Override
  public String toString() {
    return "PGDPerturbation{steps=" + attackSteps() + ", magnitude=" + magnitude + ", norm="
        + norm.name().toLowerCase(Locale.ROOT) + ", learning_rate=" + learningRate + "}";
  }
}
