package org.l2o.core.train;

import java.util.Random;

/**
 * How a meta-step weighs the meta loss against the imitation loss ({@code il_mode}, spec §5.4).
 */
public enum LossWeighting {
  /** meta + p_teacher * imitation (the default). */
  SUM,
  /** with probability p_teacher imitation only, else meta only; drawn once per meta-step. */
  SWITCH,
  /** imitation only. */
  IMITATION,
  /** meta only (teachers are still simulated). */
  META;

  /**
   * Parses the original's config value ("sum", "switch", "imitation", "meta").
   *
   * @param value the config value, case-insensitive
   * @return the weighting
   * @throws IllegalArgumentException naming {@code training/il_mode} for any other value
   */
  public static LossWeighting parse(String value) {
    for (LossWeighting w : values()) {
      if (w.name().equalsIgnoreCase(value)) {
        return w;
      }
    }
    throw new IllegalArgumentException("training/il_mode: expected one of sum, switch, imitation, meta; got '" + value + "'");
  }

  /**
   * {w_meta, w_imitation} for one meta-step.
   *
   * @param pTeacher the imitation weight p_teacher (and for SWITCH the probability of imitation)
   * @param rng draws the SWITCH choice; the other weightings do not use it
   * @return the pair {w_meta, w_imitation}
   */
  public float[] weights(double pTeacher, Random rng) {
    return switch (this) {
      case SUM -> new float[] {1f, (float) pTeacher};
      case SWITCH -> rng.nextDouble() < pTeacher ? new float[] {0f, 1f} : new float[] {1f, 0f};
      case IMITATION -> new float[] {0f, 1f};
      case META -> new float[] {1f, 0f};
    };
  }
}
