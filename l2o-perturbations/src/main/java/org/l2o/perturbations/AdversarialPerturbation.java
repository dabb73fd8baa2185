package org.l2o.perturbations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.core.perturbation.Perturbation;

/**
 * An offset chosen by gradient ascent on the training loss before each training meta pass (spec §8): it starts at
 * zero in every window (and stays zero in validation, the engine's default {@link #start}), and each of the
 * {@link #attackSteps()} steps updates every weight tensor's offset from that tensor's gradient alone. A tensor
 * whose gradient is not finite keeps its offset for that step: the original would write NaN into the offset and
 * lose the window; here the meta pass still runs (and the engine skips its update if it is not finite either).
 */
abstract class AdversarialPerturbation implements Perturbation {
  private final int steps;

  AdversarialPerturbation(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    this.steps = steps;
  }

  @Override
  public final int attackSteps() {
    return steps;
  }

  @Override
  public final Map<String, float[]> ascend(Map<String, float[]> weights, Map<String, float[]> delta,
      Map<String, float[]> gradient) {
    Map<String, float[]> next = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : delta.entrySet()) {
      float[] g = gradient.get(e.getKey());
      float[] w = weights.get(e.getKey());
      if (g == null || w == null || g.length != e.getValue().length || w.length != g.length) {
        throw new IllegalArgumentException("weight '" + e.getKey() + "': offset, weights and gradient differ in"
            + " size or are missing");
      }
      next.put(e.getKey(), HostVectors.allFinite(g) ? step(w, e.getValue(), g) : e.getValue());
    }
    return next;
  }

  /**
   * One ascent step of one tensor.
   *
   * @param w     the weights (not to be modified)
   * @param delta the offset (may be modified and returned)
   * @param g     the finite gradient at w + delta
   * @return the next offset
   */
  abstract float[] step(float[] w, float[] delta, float[] g);
}
