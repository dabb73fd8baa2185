package org.l2o.policies.analytical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.policies.Moments;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original's {@code RMSPropOptimizer} (spec §4.4): no bias correction, epsilon inside the square
 * root (unlike Keras RMSprop).
 *
 * <pre>
 * ms' = (1 - rho) g^2 + rho ms
 * delta = lr * g / sqrt(ms' + eps)
 * </pre>
 *
 * Step 1 gives {@code lr * g / sqrt((1 - rho) g^2 + eps)}, about {@code 3.16 lr sign(g)}. State: {@code ms}.
 */
public final class RmsPropRule extends AnalyticalRule {
  /** The original's class name. */
  public static final String CLASS_NAME = "RMSProp";
  /** Default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** Default decay of the mean square. */
  public static final double DEFAULT_RHO = 0.9;
  /** Default epsilon (inside the square root). */
  public static final double DEFAULT_EPSILON = 1e-7;

  private final double rho;
  private final double epsilon;

  /** RMSProp with the class defaults. */
  public RmsPropRule() {
    this("rmsprop", DEFAULT_LEARNING_RATE, DEFAULT_RHO, DEFAULT_EPSILON);
  }

  /**
   * @param name         rule name for logs and op names
   * @param learningRate learning rate
   * @param rho          decay of the mean square in [0, 1)
   * @param epsilon      added to the mean square inside the square root
   */
  public RmsPropRule(String name, double learningRate, double rho, double epsilon) {
    super(CLASS_NAME, name, learningRate);
    this.rho = rho;
    this.epsilon = epsilon;
  }

  /** {@return the decay of the mean square} */
  public double rho() {
    return rho;
  }

  /** {@return the epsilon added to the mean square inside the square root} */
  public double epsilon() {
    return epsilon;
  }

  @Override
  protected List<String> stateNames() {
    return List.of("ms");
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("learning_rate", learningRate());
    c.put("rho", rho);
    c.put("epsilon", epsilon);
    return c;
  }

  @Override
  public Step step(Ops tf, StepInput input) {
    Operand<TFloat32> g = input.grad();
    Operand<TFloat32> ms = Moments.ema(tf, state(input, 0), tf.math.square(g), Moments.Decay.of(rho));
    Operand<TFloat32> scaled = tf.math.div(g, Moments.rootWithEpsilonInside(tf, ms, epsilon));
    return new Step(tf.math.mul(scaled, scalar(tf, learningRate())), List.of(ms));
  }
}
