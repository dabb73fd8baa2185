package org.l2o.experiment;

import org.l2o.core.train.AdaptiveGradientClipping;

/**
 * {@code training/gradient_clipping}: {@code {"class_name": "AdaptiveGC", "config": {"clip_ratio": r,
 * "epsilon": e}}} (spec §5.4); absent config keys take the original's values.
 *
 * @param ratio {@code clip_ratio}
 * @param floor {@code epsilon}, the floor of the weight norm
 */
public record ClippingSettings(double ratio, double floor) {
  /** The engine's clipping with these settings. */
  public AdaptiveGradientClipping toClipping() {
    return new AdaptiveGradientClipping(ratio, floor);
  }
}
