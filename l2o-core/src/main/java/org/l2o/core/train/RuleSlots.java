package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Applies an {@link UpdateRule} to a whole flat parameter vector. A {@link UpdateRule#fusable() fusable} rule
 * without global state runs {@link UpdateRule#step} once on the vector itself (one LSTM batch for all
 * coordinates) unless fusion is forbidden (weights with a fresh draw per use must not be shared across
 * tensors); any other rule runs {@link UpdateRule#update} on the parameter tensors (views reshaped to their
 * shapes). The state is one flat list: the states of slot 0, then slot 1, ..., then the global state.
 */
public final class RuleSlots {
  private final UpdateRule rule;
  private final ParameterLayout layout;
  private final boolean fused;
  private final List<Shape> slotShapes = new ArrayList<>();
  private final List<List<StateSpec>> slotSpecs = new ArrayList<>();
  private final List<StateSpec> globalSpecs;
  private final List<StateSpec> allSpecs = new ArrayList<>();

  /**
   * The rule over {@code layout}, fused when the rule allows it.
   *
   * @param rule the update rule
   * @param layout the optimizee's parameter layout
   */
  public RuleSlots(UpdateRule rule, ParameterLayout layout) {
    this(rule, layout, true);
  }

  /**
   * @param rule       the update rule
   * @param layout     the parameter layout of the optimizee
   * @param allowFused false to force one call per tensor even for a fusable rule
   */
  public RuleSlots(UpdateRule rule, ParameterLayout layout, boolean allowFused) {
    this.rule = rule;
    this.layout = layout;
    this.globalSpecs = List.copyOf(rule.globalStateSpecs());
    this.fused = allowFused && rule.fusable() && globalSpecs.isEmpty();
    if (fused) {
      slotShapes.add(Shape.of(layout.size()));
    } else {
      for (int i = 0; i < layout.tensors(); i++) {
        slotShapes.add(layout.shape(i));
      }
    }
    for (int s = 0; s < slotShapes.size(); s++) {
      List<StateSpec> specs = List.copyOf(rule.stateSpecs(slotShapes.get(s)));
      slotSpecs.add(specs);
      for (StateSpec spec : specs) {
        allSpecs.add(new StateSpec(s + "/" + spec.name(), spec.shape(), spec.type(), spec.keptInWarmup()));
      }
    }
    for (StateSpec spec : globalSpecs) {
      allSpecs.add(new StateSpec("global/" + spec.name(), spec.shape(), spec.type(), spec.keptInWarmup()));
    }
  }

  /** {@return the rule} */
  public UpdateRule rule() {
    return rule;
  }

  /**
   * Whether the rule runs once on the whole vector.
   *
   * @return true if the rule is fused over the whole flat vector, false if it runs once per tensor
   */
  public boolean fused() {
    return fused;
  }

  /**
   * Every state tensor of every slot, then the global state, in feed order (names prefixed).
   *
   * @return the state specs, in feed order
   */
  public List<StateSpec> stateSpecs() {
    return List.copyOf(allSpecs);
  }

  /**
   * One step of the rule on the whole parameter vector.
   *
   * @param tf the ops factory of the graph being built
   * @param theta   flat [N] parameters as the rule should see them
   * @param grad    flat [N] gradient as the rule should see it
   * @param state   flat state list (see {@link #stateSpecs()})
   * @param weights the rule's weights
   * @param context training flag, loss and random key of the step
   * @return the flat [N] update and the next flat state list
   */
  public UpdateRule.Step step(Ops tf, Operand<TFloat32> theta, Operand<TFloat32> grad, List<Operand<?>> state,
      Weights weights, StepContext context) {
    if (state.size() != allSpecs.size()) {
      throw new IllegalArgumentException("rule " + rule.name() + " expects " + allSpecs.size()
          + " state tensors, got " + state.size());
    }
    if (fused) {
      UpdateRule.Step step = rule.step(tf, new UpdateRule.StepInput(theta, grad, state, weights, context));
      return new UpdateRule.Step(step.delta(), step.state());
    }
    List<List<Operand<?>>> perTensor = new ArrayList<>();
    int k = 0;
    for (List<StateSpec> specs : slotSpecs) {
      perTensor.add(state.subList(k, k + specs.size()));
      k += specs.size();
    }
    List<Operand<?>> global = state.subList(k, state.size());
    UpdateRule.Update update = rule.update(tf, new UpdateRule.UpdateInput(layout.split(tf, theta),
        layout.split(tf, grad), perTensor, global, weights, context));
    List<Operand<?>> next = new ArrayList<>();
    for (int s = 0; s < slotSpecs.size(); s++) {
      if (update.states().get(s).size() != slotSpecs.get(s).size()) {
        throw new IllegalStateException("rule " + rule.name() + " returned " + update.states().get(s).size()
            + " state tensors for tensor " + s + ", it declares " + slotSpecs.get(s).size());
      }
      next.addAll(update.states().get(s));
    }
    if (update.globalState().size() != globalSpecs.size()) {
      throw new IllegalStateException("rule " + rule.name() + " returned " + update.globalState().size()
          + " global state tensors, it declares " + globalSpecs.size());
    }
    next.addAll(update.globalState());
    return new UpdateRule.Step(layout.concat(tf, update.deltas()), next);
  }

  /**
   * The state a warm-up step keeps (see {@link UpdateRule#warmupState}).
   *
   * @param oldState the flat state list before the step
   * @param newState the flat state list after the step
   * @return per state, the old one if warm-up keeps it, else the new one
   */
  public List<Operand<?>> warmupState(List<Operand<?>> oldState, List<Operand<?>> newState) {
    return UpdateRule.warmupState(allSpecs, oldState, newState);
  }
}
