package org.l2o.policies.optimizer;

import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.l2o.policies.Moments;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras RMSprop as in TF 2.3/2.4 with momentum 0 and not centered (spec §17), the {@code rmsprop}
 * baselines of {@code baseline.py}:
 *
 * <pre>
 * ms = rho ms + (1 - rho) g^2;   theta -= lr * g / (sqrt(ms) + eps)
 * </pre>
 *
 * Epsilon is <em>outside</em> the square root: TF Java's {@code RMSProp} (the ApplyRMSProp op) and the
 * original's own RMSProp rule put it inside, so neither matches this baseline.
 */
public final class KerasRmsProp extends PolicyOptimizer {
  /** Keras default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** Keras default rho. */
  public static final double DEFAULT_RHO = 0.9;
  /** Keras default epsilon. */
  public static final double DEFAULT_EPSILON = 1e-7;

  /**
   * Keras RMSprop with the default rho and epsilon.
   *
   * @param graph the graph holding the variables
   * @param learningRate learning rate
   */
  public KerasRmsProp(Graph graph, double learningRate) {
    this(graph, learningRate, DEFAULT_RHO, DEFAULT_EPSILON);
  }

  /**
   * @param graph        the graph holding the variables
   * @param learningRate learning rate
   * @param rho          decay of the mean square
   * @param epsilon      added to sqrt(ms)
   */
  public KerasRmsProp(Graph graph, double learningRate, double rho, double epsilon) {
    super(graph, "RMSprop", new Rule(learningRate, rho, epsilon), Weights.NONE, Warmup.NONE);
  }

  /**
   * The Keras RMSprop formula as an update rule. State: {@code ms}.
   *
   * @param learningRate learning rate
   * @param rho          decay of the mean square
   * @param epsilon      added to sqrt(ms)
   */
  public record Rule(double learningRate, double rho, double epsilon) implements UpdateRule {
    @Override
    public String name() {
      return "keras_rmsprop";
    }

    @Override
    public List<StateSpec> stateSpecs(Shape paramShape) {
      return List.of(StateSpec.float32("ms", paramShape));
    }

    @Override
    public Step step(Ops tf, StepInput input) {
      Operand<TFloat32> g = input.grad();
      Operand<TFloat32> ms =
          Moments.ema(tf, KerasRules.state(input, 0, TFloat32.class), tf.math.square(g), Moments.Decay.of(rho));
      Operand<TFloat32> delta = tf.math.div(tf.math.mul(tf.constant((float) learningRate), g),
          tf.math.add(tf.math.sqrt(ms), tf.constant((float) epsilon)));
      return new Step(delta, List.of(ms));
    }
  }
}
