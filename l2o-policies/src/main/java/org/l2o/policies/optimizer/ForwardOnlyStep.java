package org.l2o.policies.optimizer;

import org.l2o.core.policy.UpdateRule;
import org.tensorflow.op.Ops;

/**
 * A second formulation of an {@link UpdateRule}'s {@link UpdateRule#step} for graphs that never differentiate
 * through the step, such as the drop-in {@link PolicyOptimizer} (a user's loss does not depend on the update):
 * the same values up to float32 rounding, built from faster ops that may have no gradient in TF Java (for
 * instance the fused {@code LSTMBlockCell}). Meta-training keeps using {@link UpdateRule#step}.
 */
public interface ForwardOnlyStep {

  /**
   * The step of {@code in}, equal to {@link UpdateRule#step} within float32 rounding; never differentiated.
   *
   * @param tf the scope to build in
   * @param in the step's input (as for {@link UpdateRule#step})
   */
  UpdateRule.Step forwardOnlyStep(Ops tf, UpdateRule.StepInput in);
}
