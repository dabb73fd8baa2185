package org.l2o.bench;

import org.l2o.core.train.UnrollGraph;

/**
 * One configuration of the meta-training step benchmark.
 *
 * @param unroll      inner steps per truncation window U
 * @param teachers    number of analytical teachers (0, 1 or 2: Adam, then RMSProp)
 * @param secondOrder whether the meta-gradient flows through the optimizee's gradient (TRAIN only; always
 *                    false for forward-only graphs, which have no meta-gradient)
 * @param mode        {@link UnrollGraph.Mode#TRAIN} (unroll, losses and meta-gradient) or
 *                    {@link UnrollGraph.Mode#VALIDATE} (the same unroll and losses, forward only)
 * @param segmentLength TRAIN windows longer than this run in segments of at most this many steps
 *                    ({@code training/segment_length}); 0 runs them as one graph (normalised to 0 for forward-only
 *                    graphs and for segments as long as the window)
 */
public record MetaStepConfig(int unroll, int teachers, boolean secondOrder, UnrollGraph.Mode mode,
    int segmentLength) {

  /** The largest teacher count: the teachers are Adam and RMSProp. */
  public static final int MAX_TEACHERS = 2;

  /** Checks the ranges and normalises {@code secondOrder} to false for forward-only graphs. */
  public MetaStepConfig {
    if (unroll < 1) {
      throw new IllegalArgumentException("unroll length must be at least 1, got " + unroll);
    }
    if (teachers < 0 || teachers > MAX_TEACHERS) {
      throw new IllegalArgumentException("teacher count must be 0.." + MAX_TEACHERS + ", got " + teachers);
    }
    if (mode != UnrollGraph.Mode.TRAIN && mode != UnrollGraph.Mode.VALIDATE) {
      throw new IllegalArgumentException("mode must be TRAIN or VALIDATE, got " + mode);
    }
    if (segmentLength < 0) {
      throw new IllegalArgumentException("segment length must be 0 (whole windows) or positive, got " + segmentLength);
    }
    if (mode == UnrollGraph.Mode.VALIDATE) {
      secondOrder = false;
    }
    if (mode == UnrollGraph.Mode.VALIDATE || segmentLength >= unroll) {
      segmentLength = 0;
    }
  }

  /** A meta-training configuration (unroll, losses and meta-gradient), whole windows. */
  public static MetaStepConfig train(int unroll, int teachers, boolean secondOrder) {
    return new MetaStepConfig(unroll, teachers, secondOrder, UnrollGraph.Mode.TRAIN, 0);
  }

  /** A forward-only configuration (unroll and losses, no meta-gradient). */
  public static MetaStepConfig forward(int unroll, int teachers) {
    return new MetaStepConfig(unroll, teachers, false, UnrollGraph.Mode.VALIDATE, 0);
  }

  /** A copy whose TRAIN windows run in segments of at most {@code value} steps (0: whole windows). */
  public MetaStepConfig withSegmentLength(int value) {
    return new MetaStepConfig(unroll, teachers, secondOrder, mode, value);
  }

  /** Whether this is a meta-training (TRAIN) configuration. */
  public boolean isTrain() {
    return mode == UnrollGraph.Mode.TRAIN;
  }

  /**
   * Short description, e.g. {@code U=20 student+2 2nd-order}, {@code U=100 student forward} or
   * {@code U=100 student+2 2nd-order seg 25}.
   */
  public String label() {
    String who = teachers == 0 ? "student" : "student+" + teachers;
    String what = isTrain() ? (secondOrder ? "2nd-order" : "1st-order") : "forward";
    return "U=" + unroll + " " + who + " " + what + (segmentLength > 0 ? " seg " + segmentLength : "");
  }
}
