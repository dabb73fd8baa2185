package org.l2o.eval.harness;

import org.tensorflow.Graph;
import org.tensorflow.framework.optimizers.Optimizer;

/**
 * Creates the optimizer under test inside a fresh training graph, so every evaluation run starts with
 * fresh optimizer state (spec §9.1).
 */
@FunctionalInterface
public interface OptimizerFactory {
  /** Builds the optimizer in {@code graph}. */
  Optimizer create(Graph graph);
}
