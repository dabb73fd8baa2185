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
import org.tensorflow.types.TInt64;

/**
 * Keras Adam as in TF 2.3/2.4 (spec §5.4, §17), the {@code adam} baselines of {@code baseline.py}:
 *
 * <pre>
 * t += 1;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 * theta -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
 * </pre>
 *
 * Used instead of the framework {@code Adam} of TF Java 1.1.0, whose beta-power updates are not ordered
 * after {@code ApplyAdam} and race with it (measured: step 1 often uses the powers of step 2).
 */
public final class KerasAdam extends PolicyOptimizer {
  /** Keras default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** Keras default beta_1. */
  public static final double DEFAULT_BETA_1 = 0.9;
  /** Keras default beta_2. */
  public static final double DEFAULT_BETA_2 = 0.999;
  /** Keras default epsilon (outside the square root). */
  public static final double DEFAULT_EPSILON = 1e-7;

  /**
   * Keras Adam with the default betas and epsilon.
   *
   * @param graph the graph holding the variables
   * @param learningRate learning rate
   */
  public KerasAdam(Graph graph, double learningRate) {
    this(graph, learningRate, DEFAULT_BETA_1, DEFAULT_BETA_2, DEFAULT_EPSILON);
  }

  /**
   * @param graph        the graph holding the variables
   * @param learningRate learning rate
   * @param beta1        first-moment decay
   * @param beta2        second-moment decay
   * @param epsilon      added to sqrt(v)
   */
  public KerasAdam(Graph graph, double learningRate, double beta1, double beta2, double epsilon) {
    super(graph, "Adam", new Rule(learningRate, beta1, beta2, epsilon), Weights.NONE, Warmup.NONE);
  }

  /**
   * The Keras Adam formula as an update rule. State: {@code m, v} (parameter shape) and the step
   * counter {@code t} (int64 scalar); per-variable {@code t} equals Keras' global iteration count + 1
   * because every variable is updated at every step.
   *
   * @param learningRate learning rate
   * @param beta1        first-moment decay
   * @param beta2        second-moment decay
   * @param epsilon      added to sqrt(v)
   */
  public record Rule(double learningRate, double beta1, double beta2, double epsilon) implements UpdateRule {
    @Override
    public String name() {
      return "keras_adam";
    }

    @Override
    public List<StateSpec> stateSpecs(Shape paramShape) {
      return List.of(StateSpec.float32("m", paramShape), StateSpec.float32("v", paramShape),
          new StateSpec("t", Shape.scalar(), TInt64.class, false));
    }

    @Override
    public Step step(Ops tf, StepInput input) {
      Operand<TFloat32> g = input.grad();
      Operand<TInt64> t = tf.math.add(KerasRules.state(input, 2, TInt64.class), tf.constant(1L));
      Operand<TFloat32> tf32 = tf.dtypes.cast(t, TFloat32.class);
      Moments.Adam next = Moments.adam(tf, KerasRules.state(input, 0, TFloat32.class),
          KerasRules.state(input, 1, TFloat32.class), g, Moments.Decay.of(beta1), Moments.Decay.of(beta2));
      Operand<TFloat32> m = next.m();
      Operand<TFloat32> v = next.v();
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> stepSize = tf.math.div(
          tf.math.mul(tf.constant((float) learningRate),
              tf.math.sqrt(tf.math.sub(one, tf.math.pow(tf.constant((float) beta2), tf32)))),
          tf.math.sub(one, tf.math.pow(tf.constant((float) beta1), tf32)));
      Operand<TFloat32> delta = tf.math.mul(stepSize,
          tf.math.div(m, tf.math.add(tf.math.sqrt(v), tf.constant((float) epsilon))));
      return new Step(delta, List.of(m, v, t));
    }
  }
}
