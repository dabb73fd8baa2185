package org.l2o.core.policy;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An optimizer (analytical or learned) as a pure graph-building function, in the spirit of optax's
 * (init, update) pair. It never owns TensorFlow variables: the caller decides whether state and weights are
 * variables, fed tensors or constants, which lets one implementation serve meta-training, deployment and
 * perturbed training.
 *
 * <p>Two levels, so that most rules stay small:
 * <ul>
 *   <li>{@link #step}: one parameter tensor's gradient and state to its update {@code delta} (applied as
 *       {@code theta <- theta - delta}) and next state. Coordinate-wise and per-tensor rules implement only this.
 *   <li>{@link #update}: all of an optimizee's tensors at once, with a global state
 *       ({@link #globalStateSpecs()}) and the {@link StepContext}. The default runs {@link #step} on each tensor
 *       (with the tensor's own random key and {@link Weights#forTensor} weights) and passes the global state
 *       through; hierarchical rules (a tensor- and a global-level network) override it.
 * </ul>
 * Callers (the meta-training engine, the drop-in optimizer) call {@link #update}, or, for a {@link #fusable()}
 * rule without global state, may call {@link #step} once on all coordinates concatenated.
 */
public interface UpdateRule {

  /**
   * Short name used in logs and result files.
   *
   * @return the rule's name
   */
  String name();

  /**
   * Per-tensor state layout for a parameter of shape {@code paramShape}; all states start at zero.
   *
   * @param paramShape the parameter tensor's shape
   * @return the state tensors of one parameter tensor
   */
  List<StateSpec> stateSpecs(Shape paramShape);

  /**
   * Layout of the state shared by all tensors (empty for per-tensor rules); all start at zero.
   *
   * @return the global state tensors
   */
  default List<StateSpec> globalStateSpecs() {
    return List.of();
  }

  /**
   * True if the rule treats every coordinate alike whatever tensor it belongs to (Adam, RNNProp, ...), so
   * a caller may apply {@link #step} once to all parameters concatenated into one vector; false for rules with
   * per-tensor features or state (the choice policies' rank features and time counters) or with a global state.
   *
   * @return true if the rule may run fused over one flat vector
   */
  default boolean fusable() {
    return false;
  }

  /**
   * The rule's weights (meta-parameters); empty for analytical rules.
   *
   * @return the weight specs, in checkpoint order
   */
  default List<WeightSpec> weightSpecs() {
    return List.of();
  }

  /**
   * Builds one step of the rule for one parameter tensor.
   *
   * @param tf    ops factory of the graph being built
   * @param input the parameter, its gradient, the current state (in {@link #stateSpecs} order), weights, context
   * @return the update (same shape as the parameter) and the next state (same order as the input state)
   */
  Step step(Ops tf, StepInput input);

  /**
   * Builds one step over all of an optimizee's tensors. The default applies {@link #step} to each tensor in
   * turn and returns the global state unchanged.
   *
   * @param tf the ops factory of the graph being built
   * @param input all tensors, their gradients and states, the global state, weights and context
   * @return per tensor the update and next state, and the next global state
   */
  default Update update(Ops tf, UpdateInput input) {
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    List<List<Operand<?>>> states = new ArrayList<>();
    for (int i = 0; i < input.params().size(); i++) {
      Step s = step(tf, new StepInput(input.params().get(i), input.grads().get(i), input.states().get(i),
          input.weights().forTensor(i), input.context().forTensor(tf, i)));
      deltas.add(s.delta());
      states.add(s.state());
    }
    return new Update(deltas, states, input.globalState());
  }

  /**
   * Inputs of one step of an {@link UpdateRule} for one parameter tensor.
   *
   * @param param the parameter tensor
   * @param grad its gradient, the parameter's shape
   * @param state the current state, in {@link #stateSpecs} order
   * @param weights the rule's weights
   * @param context training flag, loss and random key of the step
   */
  record StepInput(
      Operand<TFloat32> param,
      Operand<TFloat32> grad,
      List<Operand<?>> state,
      Weights weights,
      StepContext context) {
    /**
     * Copies the state list.
     *
     * @param param the parameter tensor
     * @param grad its gradient, the parameter's shape
     * @param state the current state, in {@link #stateSpecs} order
     * @param weights the rule's weights
     * @param context training flag, loss and random key of the step
     */
    public StepInput {
      state = List.copyOf(state);
    }

    /**
     * A step input without loss and randomness (training flag only).
     *
     * @param param the parameter tensor
     * @param grad its gradient
     * @param state the current state
     * @param weights the rule's weights
     * @param training whether the rule runs in training mode
     */
    public StepInput(Operand<TFloat32> param, Operand<TFloat32> grad, List<Operand<?>> state, Weights weights,
        boolean training) {
      this(param, grad, state, weights, new StepContext(training, null, null));
    }

    /**
     * Whether the rule runs in training mode.
     *
     * @return the training flag of the context
     */
    public boolean training() {
      return context.training();
    }
  }

  /**
   * Output of one step: the update to subtract and the next state.
   *
   * @param delta the update to subtract, the parameter's shape
   * @param state the next state, in {@link #stateSpecs} order
   */
  record Step(Operand<TFloat32> delta, List<Operand<?>> state) {
    /**
     * Copies the state list.
     *
     * @param delta the update to subtract, the parameter's shape
     * @param state the next state, in {@link #stateSpecs} order
     */
    public Step {
      state = List.copyOf(state);
    }
  }

  /**
   * Inputs of one step over all tensors.
   *
   * @param params      the parameter tensors, in the problem's order
   * @param grads       their gradients
   * @param states      per tensor, its state in {@link #stateSpecs} order
   * @param globalState the global state in {@link #globalStateSpecs()} order
   * @param weights     the rule's weights
   * @param context     training flag, loss, random key
   */
  record UpdateInput(
      List<Operand<TFloat32>> params,
      List<Operand<TFloat32>> grads,
      List<List<Operand<?>>> states,
      List<Operand<?>> globalState,
      Weights weights,
      StepContext context) {
    /**
     * Copies the lists and checks that there are as many gradients and states as parameters.
     *
     * @param params the parameter tensors, in the problem's order
     * @param grads their gradients
     * @param states per tensor, its state in {@link #stateSpecs} order
     * @param globalState the global state in {@link #globalStateSpecs()} order
     * @param weights the rule's weights
     * @param context training flag, loss, random key
     * @throws IllegalArgumentException if the lists differ in length
     */
    public UpdateInput {
      params = List.copyOf(params);
      grads = List.copyOf(grads);
      states = states.stream().map(List::copyOf).toList();
      globalState = List.copyOf(globalState);
      if (grads.size() != params.size() || states.size() != params.size()) {
        throw new IllegalArgumentException("params, grads and states differ in length: " + params.size() + ", "
            + grads.size() + ", " + states.size());
      }
    }
  }

  /**
   * Output of one step over all tensors: per tensor the update and next state, and the next global state.
   *
   * @param deltas per tensor, the update to subtract
   * @param states per tensor, the next state
   * @param globalState the next global state
   */
  record Update(List<Operand<TFloat32>> deltas, List<List<Operand<?>>> states, List<Operand<?>> globalState) {
    /**
     * Copies the lists.
     *
     * @param deltas per tensor, the update to subtract
     * @param states per tensor, the next state
     * @param globalState the next global state
     */
    public Update {
      deltas = List.copyOf(deltas);
      states = states.stream().map(List::copyOf).toList();
      globalState = List.copyOf(globalState);
    }
  }

  /**
   * The state a warm-up step leaves behind: the old value for entries marked
   * {@link StateSpec#keptInWarmup()}, the new value otherwise.
   *
   * @param specs the state's specs
   * @param oldState the state before the step, in {@code specs} order
   * @param newState the state after the step, in {@code specs} order
   * @return per entry, the old or the new value
   * @throws IllegalArgumentException if the three lists differ in length
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
