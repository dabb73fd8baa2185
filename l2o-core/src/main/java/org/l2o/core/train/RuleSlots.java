package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Applies an {@link UpdateRule} to a whole flat parameter vector: once on the vector itself if the rule is
 * {@link UpdateRule#fusable() fusable}, otherwise once per parameter tensor (on a view reshaped to the
 * tensor's shape). The rule's state is kept as one flat list: the states of slot 0, then slot 1, ...
 */
public final class RuleSlots {
  private final UpdateRule rule;
  private final ParameterLayout layout;
  private final List<Shape> slotShapes = new ArrayList<>();
  private final List<List<StateSpec>> slotSpecs = new ArrayList<>();
  private final List<StateSpec> allSpecs = new ArrayList<>();

  /**
   * @param rule   the update rule
   * @param layout the parameter layout of the optimizee
   */
  public RuleSlots(UpdateRule rule, ParameterLayout layout) {
    this.rule = rule;
    this.layout = layout;
    if (rule.fusable()) {
      slotShapes.add(Shape.of(layout.size()));
    } else {
      for (int i = 0; i < layout.tensors(); i++) {
        slotShapes.add(layout.shape(i));
      }
    }
    for (int s = 0; s < slotShapes.size(); s++) {
      List<StateSpec> specs = rule.stateSpecs(slotShapes.get(s));
      slotSpecs.add(specs);
      for (StateSpec spec : specs) {
        allSpecs.add(new StateSpec(s + "/" + spec.name(), spec.shape(), spec.type(), spec.keptInWarmup()));
      }
    }
  }

  /** The rule. */
  public UpdateRule rule() {
    return rule;
  }

  /** Every state tensor of every slot, in feed order, names prefixed with the slot index. */
  public List<StateSpec> stateSpecs() {
    return List.copyOf(allSpecs);
  }

  /**
   * One step of the rule on the whole parameter vector.
   *
   * @param theta    flat [N] parameters as the rule should see them
   * @param grad     flat [N] gradient as the rule should see it
   * @param state    flat state list (see {@link #stateSpecs()})
   * @param weights  the rule's weights
   * @param training whether the rule runs in training mode (noise and perturbations active)
   * @return the flat [N] update and the next flat state list
   */
  public UpdateRule.Step step(Ops tf, Operand<TFloat32> theta, Operand<TFloat32> grad,
      List<Operand<?>> state, Weights weights, boolean training) {
    if (state.size() != allSpecs.size()) {
      throw new IllegalArgumentException("rule " + rule.name() + " expects " + allSpecs.size()
          + " state tensors, got " + state.size());
    }
    List<Operand<TFloat32>> thetas;
    List<Operand<TFloat32>> grads;
    if (rule.fusable()) {
      thetas = List.of(theta);
      grads = List.of(grad);
    } else {
      thetas = layout.split(tf, theta);
      grads = layout.split(tf, grad);
    }
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    List<Operand<?>> next = new ArrayList<>();
    int k = 0;
    for (int s = 0; s < slotShapes.size(); s++) {
      int n = slotSpecs.get(s).size();
      UpdateRule.Step step = rule.step(tf,
          new UpdateRule.StepInput(thetas.get(s), grads.get(s), state.subList(k, k + n), weights, training));
      deltas.add(step.delta());
      next.addAll(step.state());
      k += n;
    }
    Operand<TFloat32> delta = rule.fusable() ? deltas.get(0) : layout.concat(tf, deltas);
    return new UpdateRule.Step(delta, next);
  }

  /** The state a warm-up step keeps (see {@link UpdateRule#warmupState}). */
  public List<Operand<?>> warmupState(List<Operand<?>> oldState, List<Operand<?>> newState) {
    return UpdateRule.warmupState(allSpecs, oldState, newState);
  }
}
