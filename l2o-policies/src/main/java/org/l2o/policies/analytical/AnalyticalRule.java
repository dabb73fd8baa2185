package org.l2o.policies.analytical;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Common part of the analytical rules: a name, the original's class name, the learning rate and
 * helpers to read the float32 state. Hyper-parameters are graph constants (analytical rules have no
 * weights), and every state tensor has the parameter's shape and starts at zero.
 */
public abstract class AnalyticalRule implements UpdateRule {
  private final String className;
  private final String name;
  private final double learningRate;

  /**
   * @param className    the original's class name ({@code "Adam"}, {@code "RMSProp"}, ...)
   * @param name         the rule's name for logs and op names
   * @param learningRate the learning rate
   */
  protected AnalyticalRule(String className, String name, double learningRate) {
    this.className = Objects.requireNonNull(className, "className");
    this.name = Objects.requireNonNull(name, "name");
    this.learningRate = learningRate;
  }

  /** Analytical rules are elementwise: they may run on all parameters concatenated into one vector. */
  @Override
  public boolean fusable() {
    return true;
  }

  @Override
  public String name() {
    return name;
  }

  /** {@return the original's class name, the {@code class_name} of its config dict} */
  public String className() {
    return className;
  }

  /** {@return the learning rate} */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Names of the state tensors, in {@link #stateSpecs} order.
   *
   * @return the state names, one per {@link #stateSpecs} entry
   */
  protected abstract List<String> stateNames();

  /**
   * The effective hyper-parameters under the original's config keys (without {@code name}), e.g. for
   * logs and for writing the config back.
   *
   * @return a fresh, mutable, insertion-ordered map from config key to value
   */
  public abstract Map<String, Object> config();

  @Override
  public List<StateSpec> stateSpecs(Shape paramShape) {
    Objects.requireNonNull(paramShape, "paramShape");
    return stateNames().stream().map(n -> StateSpec.float32(n, paramShape)).toList();
  }

  @Override
  public String toString() {
    return className + config();
  }

  /**
   * A float32 scalar constant; hyper-parameters are rounded to float32 like the original's.
   *
   * @param tf the ops factory of the graph being built
   * @param value the hyper-parameter
   * @return the scalar {@code (float) value}
   */
  protected static Operand<TFloat32> scalar(Ops tf, double value) {
    return tf.constant((float) value);
  }

  /**
   * Checks the number of state tensors and returns state {@code i} as float32.
   *
   * @param input the step's input, whose states are checked
   * @param i the index of the state
   * @return state {@code i}, as a float32 operand
   * @throws IllegalArgumentException if the input does not hold exactly {@code stateNames().size()} states, or
   *     state {@code i} is not float32
   */
  protected final Operand<TFloat32> state(StepInput input, int i) {
    List<Operand<?>> state = input.state();
    if (state.size() != stateNames().size()) {
      throw new IllegalArgumentException(
          name + ": expected " + stateNames().size() + " state tensors " + stateNames() + ", got " + state.size());
    }
    Operand<?> s = state.get(i);
    if (s.type() != TFloat32.class) {
      throw new IllegalArgumentException(
          name + ": state '" + stateNames().get(i) + "' must be float32, got " + s.type().getSimpleName());
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat32> typed = (Operand<TFloat32>) s;
    return typed;
  }
}
