package org.l2o.core.policy;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A coordinate-wise optimizer (analytical or learned) as a pure graph-building function, in the spirit
 * of optax's (init, update) pair. Given one parameter tensor's gradient and state it returns the
 * update {@code delta} (applied as {@code theta <- theta - delta}) and the next state. It never owns
 * TensorFlow variables: the caller decides whether state and weights are variables, fed tensors or
 * constants, which lets one implementation serve meta-training, deployment and perturbed training.
 */
public interface UpdateRule {

  /** Short name used in logs and result files. */
  String name();

  /** Per-tensor state layout for a parameter of shape {@code paramShape}; all states start at zero. */
  List<StateSpec> stateSpecs(Shape paramShape);

  /**
   * True if the rule treats every coordinate alike whatever tensor it belongs to (Adam, RNNProp, ...), so
   * a caller may apply it once to all parameters concatenated into one vector; false for rules with
   * per-tensor features or state (the choice policies' rank features and time counters).
   */
  default boolean fusable() {
    return false;
  }

  /** The rule's weights (meta-parameters); empty for analytical rules. */
  default List<WeightSpec> weightSpecs() {
    return List.of();
  }

  /**
   * Builds one step of the rule for one parameter tensor.
   *
   * @param tf    ops factory of the graph being built
   * @param input the parameter, its gradient, the current state (in {@link #stateSpecs} order), weights
   * @return the update (same shape as the parameter) and the next state (same order as the input state)
   */
  Step step(Ops tf, StepInput input);

  /** Inputs of one step of an {@link UpdateRule} for one parameter tensor. */
  record StepInput(
      Operand<TFloat32> param,
      Operand<TFloat32> grad,
      List<Operand<?>> state,
      Weights weights,
      boolean training) {
    public StepInput {
      state = List.copyOf(state);
    }
  }

  /** Output of one step: the update to subtract and the next state. */
  record Step(Operand<TFloat32> delta, List<Operand<?>> state) {
    public Step {
      state = List.copyOf(state);
    }
  }

  /**
   * The state a warm-up step leaves behind: the old value for entries marked
   * {@link StateSpec#keptInWarmup()}, the new value otherwise.
   */
  static List<Operand<?>> warmupState(
      List<StateSpec> specs, List<Operand<?>> oldState, List<Operand<?>> newState) {
    if (specs.size() != oldState.size() || specs.size() != newState.size()) {
      throw new IllegalArgumentException(
          "state sizes differ: specs " + specs.size() + ", old " + oldState.size() + ", new " + newState.size());
    }
    Operand<?>[] out = new Operand<?>[specs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = specs.get(i).keptInWarmup() ? oldState.get(i) : newState.get(i);
    }
    return List.of(out);
  }
}
