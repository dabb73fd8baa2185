package org.l2o.policies.optimizer;

import org.l2o.core.policy.UpdateRule.StepInput;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Helpers shared by the Keras reference rules. */
final class KerasRules {
  private KerasRules() {}

  /** State tensor {@code i} of the step input, checked to have element type {@code type}. */
  static <T extends TType> Operand<T> state(StepInput input, int i, Class<T> type) {
    if (i >= input.state().size()) {
      throw new IllegalArgumentException("expected at least " + (i + 1) + " state tensors, got " + input.state().size());
    }
    Operand<?> s = input.state().get(i);
    if (s.type() != type) {
      throw new IllegalArgumentException(
          "state " + i + " must be " + type.getSimpleName() + ", got " + s.type().getSimpleName());
    }
    @SuppressWarnings("unchecked")
    Operand<T> typed = (Operand<T>) s;
    return typed;
  }
}
