package org.l2o.core.train;

/**
 * What runs one truncation window of meta-training: a whole-window {@link UnrollGraph}, or a {@link SegmentedUnroll}
 * that runs a long TRAIN window in segments to bound its memory. Both give the same outputs for the same input (up
 * to float rounding of the sums).
 */
public interface WindowGraph extends AutoCloseable {

  /**
   * Runs one window.
   *
   * @param in the window's inputs
   * @return the window's outputs
   */
  UnrollGraph.WindowOutput run(UnrollGraph.WindowInput in);

  /**
   * Number of inner steps U of a window.
   *
   * @return the window length U
   */
  int unroll();

  /**
   * What the graph computes.
   *
   * @return the mode
   */
  UnrollGraph.Mode mode();

  /**
   * Number of operations in the graphs (for the benchmark and the flat-size check).
   *
   * @return the number of operations
   */
  long operationCount();

  @Override
  void close();
}
