package org.l2o.core.train;

/**
 * Adaptive gradient clipping per weight tensor (spec §5.4): if ||G|| > ratio * max(||W||, floor) then
 * G is rescaled to that norm. The original uses ratio 0.1 and floor 1e-3.
 */
public final class AdaptiveGradientClipping {
  /** The original's clip ratio. */
  public static final double DEFAULT_RATIO = 0.1;
  /** The original's norm floor. */
  public static final double DEFAULT_FLOOR = 1e-3;

  private final double ratio;
  private final double floor;

  /**
   * Clipping with the given ratio and weight-norm floor.
   *
   * @param ratio the clip ratio: the gradient norm is bounded by {@code ratio} times the weight norm
   * @param floor the least weight norm the bound uses
   */
  public AdaptiveGradientClipping(double ratio, double floor) {
    this.ratio = ratio;
    this.floor = floor;
  }

  /**
   * The original's settings.
   *
   * @return clipping with ratio 0.1 and floor 1e-3
   */
  public static AdaptiveGradientClipping defaults() {
    return new AdaptiveGradientClipping(DEFAULT_RATIO, DEFAULT_FLOOR);
  }

  /**
   * Clips {@code grad} in place against {@code weight}; returns true if it was rescaled.
   *
   * @param weight the weight tensor's values, flat
   * @param grad the gradient of that tensor, flat, the length of {@code weight}; rescaled in place
   * @return true if {@code grad} exceeded the bound and was rescaled
   */
  public boolean clip(float[] weight, float[] grad) {
    double limit = ratio * Math.max(norm(weight), floor);
    double g = norm(grad);
    if (g > limit) {
      double factor = limit / g;
      for (int i = 0; i < grad.length; i++) {
        grad[i] = (float) (grad[i] * factor);
      }
      return true;
    }
    return false;
  }

  static double norm(float[] a) {
    double s = 0;
    for (float x : a) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }
}
