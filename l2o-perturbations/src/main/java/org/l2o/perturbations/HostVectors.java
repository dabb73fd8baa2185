package org.l2o.perturbations;

/** Norms and clipping of host float vectors, in double precision. */
final class HostVectors {
  private HostVectors() {}

  /** The Euclidean (Frobenius) norm. */
  static double l2(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }

  /** Whether every entry is finite. */
  static boolean allFinite(float[] x) {
    for (float v : x) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * TensorFlow's {@code clip_by_norm(x, c)}: {@code x * c / max(||x||, c)}, i.e. x scaled down to norm c if longer.
   * A zero vector stays zero (TensorFlow would give 0/0 there when c is 0 too).
   */
  static double clipFactor(double norm, double c) {
    double denominator = Math.max(norm, c);
    return denominator > 0 ? c / denominator : 0;
  }
}
