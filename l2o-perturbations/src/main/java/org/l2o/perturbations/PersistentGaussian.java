package org.l2o.perturbations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.l2o.core.perturbation.Perturbation;

/**
 * The original's {@code PersistentRandomPerturbation} (spec §8): an offset {@code delta ~ N(0, sigma^2)} drawn on
 * the host once per training window and kept through its unroll; zero in validation. No attack steps.
 */
public final class PersistentGaussian implements Perturbation {
  private final double sigma;

  /** @param sigma the offset's standard deviation (>= 0) */
  public PersistentGaussian(double sigma) {
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("noise_stddev must be a finite number >= 0, got " + sigma);
    }
    this.sigma = sigma;
  }

  @Override
  public Map<String, float[]> start(Map<String, float[]> weights, boolean training, Random rng) {
    Map<String, float[]> out = new LinkedHashMap<>();
    weights.forEach((name, w) -> {
      float[] d = new float[w.length];
      if (training) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (sigma * rng.nextGaussian());
        }
      }
      out.put(name, d);
    });
    return out;
  }

  @Override
  public String toString() {
    return "PersistentRandomPerturbation{noise_stddev=" + sigma + "}";
  }
}
