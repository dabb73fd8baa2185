package org.l2o.policies.analytical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * The original's {@code SGDOptimizer} (spec §4.4): {@code delta = lr * g}.
 *
 * <p>It keeps <em>no</em> state. The original returns a dummy scalar 0 as its state only because its
 * framework cannot carry "no state"; that value never influences anything, so it is omitted here
 * (callers must accept an empty state list).
 */
public final class SgdRule extends AnalyticalRule {
  /** The original's class name. */
  public static final String CLASS_NAME = "SGD";
  /** Default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.01;

  /** SGD with the class default learning rate. */
  public SgdRule() {
    this("sgd", DEFAULT_LEARNING_RATE);
  }

  /**
   * @param name         rule name for logs and op names
   * @param learningRate learning rate
   */
  public SgdRule(String name, double learningRate) {
    super(CLASS_NAME, name, learningRate);
  }

  @Override
  protected List<String> stateNames() {
    return List.of();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("learning_rate", learningRate());
    return c;
  }

  @Override
  public Step step(Ops tf, StepInput input) {
    if (!input.state().isEmpty()) {
      throw new IllegalArgumentException(name() + ": SGD has no state, got " + input.state().size() + " tensors");
    }
    return new Step(tf.math.mul(input.grad(), scalar(tf, learningRate())), List.of());
  }
}
