package org.l2o.core.train;

/**
 * What runs one truncation window of meta-training: a whole-window {@link UnrollGraph}, or a {@link SegmentedUnroll}
 * that runs a long TRAIN window in segments to bound its memory. Both give the same outputs for the same input (up
 * to float rounding of the sums).
 */
public interface WindowGraph extends AutoCloseable {

  /** Runs one window. */
  UnrollGraph.WindowOutput run(UnrollGraph.WindowInput in);

  /** Number of inner steps U of a window. */
  int unroll();

  /** What the graph computes. */
  UnrollGraph.Mode mode();

  /** Number of operations in the graphs (for the benchmark and the flat-size check). */
  long operationCount();

  @Override
  void close();
}
