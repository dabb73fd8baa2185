package org.l2o.core.perturbation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A perturbation of the student's weights during meta-training (stability-aware amalgamation, spec §8): noise
 * drawn inside the graph at every use ({@link #transform()}), and/or an offset {@code delta} that the
 * meta-step chooses on the host before its meta pass:
 *
 * <pre>
 * delta = start(w, training)                      // zeros, or persistent noise
 * repeat attackSteps() times:                     // FGSM, PGD, adaptive PGD
 *   g = d Loss / d w  at  w + delta               // the same weighted training loss as the meta pass
 *   delta = ascend(w, delta, g)
 * meta-gradient at w + delta, applied to w
 * </pre>
 *
 * Because the graph reads the fed weights {@code w + delta}, its gradient with respect to them is the gradient
 * with respect to {@code delta}; attack steps therefore need no graph of their own. In validation the offset is
 * {@code start(w, false)} (zeros for every perturbation of the paper) and no attack runs; the noise of
 * {@link #transform()} stays active because the student runs in training mode there.
 */
public interface Perturbation {

  /**
   * How the fed weights are read inside the graph (noise per use); the identity for none.
   *
   * @return the weight transform
   */
  default WeightTransform transform() {
    return WeightTransform.IDENTITY;
  }

  /**
   * Number of ascent steps before each training meta pass (0: no attack).
   *
   * @return the number of attack steps
   */
  default int attackSteps() {
    return 0;
  }

  /**
   * The offset a window starts from.
   *
   * @param weights  the current weights by name (not to be modified)
   * @param training true for a training meta-step, false in validation
   * @param rng      a generator derived from the run seed and the window's position
   * @return an offset for every weight (same sizes); the default is all zeros
   */
  default Map<String, float[]> start(Map<String, float[]> weights, boolean training, Random rng) {
    Map<String, float[]> zeros = new LinkedHashMap<>();
    weights.forEach((name, w) -> zeros.put(name, new float[w.length]));
    return zeros;
  }

  /**
   * One ascent step.
   *
   * @param weights  the weights (not to be modified)
   * @param delta    the current offset (may be modified and returned)
   * @param gradient the gradient of the training loss with respect to the weights at {@code weights + delta}
   * @return the next offset
   */
  default Map<String, float[]> ascend(Map<String, float[]> weights, Map<String, float[]> delta,
      Map<String, float[]> gradient) {
    return delta;
  }

  /** No perturbation. */
  Perturbation NONE = new Perturbation() {};
}
