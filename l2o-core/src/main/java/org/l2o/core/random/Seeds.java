package org.l2o.core.random;

/**
 * Derives independent 64-bit seeds from a parent seed and a path of numbers, so that every random stream of a
 * run (a period's problem instances, their parameter scalings, their initial parameters, their batches, the
 * per-step keys of the graphs) is a pure function of the run seed and its position in the schedule. Nothing has
 * to be saved to continue a run bit-identically: a resumed run derives the same seeds again.
 *
 * <p>The mixing function is SplitMix64's finaliser (Steele, Lea, Flood 2014), applied to the parent combined with
 * each path element in turn; distinct paths give statistically independent seeds. Streams are named by the
 * constants below, so that, for example, the scaling and the initial parameters of one instance never share a
 * generator (the validation coupling of spec §5.1.1 that an earlier version had).
 */
public final class Seeds {
  /** Stream of the student's initial weights. */
  public static final long WEIGHTS = 0x57;
  /** Stream of a training period (followed by the schedule position). */
  public static final long PERIOD = 0x50;
  /** Stream of the initial optimizee parameters of a problem instance. */
  public static final long INIT = 0x49;
  /** Stream of the random parameter scaling of a problem instance. */
  public static final long SCALE = 0x53;
  /** Stream of the minibatches of a problem instance. */
  public static final long DATA = 0x44;
  /** Stream of the per-window graph keys (stateless random ops inside the unroll). */
  public static final long KEY = 0x4b;
  /** Stream of the loss weighting draws ({@code il_mode} switch). */
  public static final long WEIGHTING = 0x4c;
  /** Stream of weight perturbations drawn on the host (persistent noise). */
  public static final long PERTURBATION = 0x70;
  /** Stream of the problem instances of meta-training worker r > 0 (followed by r; worker 0 uses the period's). */
  public static final long WORKER = 0x52;
  /** Stream of training problem i > 0 of a config's {@code problems} list (followed by i; problem 0 uses the period's). */
  public static final long PROBLEM = 0x71;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * The seed at {@code path} below {@code parent}.
   *
   * @param parent the parent seed
   * @param path   stream names and indices, e.g. {@code (SCALE, instance)}
   * @return the derived seed; equal paths give equal seeds, different paths independent ones
   */
  public static long derive(long parent, long... path) {
    long s = mix(parent + GOLDEN);
    for (long p : path) {
      s = mix(s ^ mix(p + GOLDEN));
    }
    return s;
  }

  /** SplitMix64's output function: a bijection of 64-bit values with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
