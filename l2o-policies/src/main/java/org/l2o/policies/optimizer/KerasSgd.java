package org.l2o.policies.optimizer;

import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras SGD as in TF 2.3/2.4 (spec §17), the {@code sgd} and {@code momentum} baselines of
 * {@code baseline.py}. Without momentum {@code theta -= lr g}; with heavy-ball (not Nesterov) momentum
 *
 * <pre>
 * vel = momentum * vel - lr * g;   theta += vel
 * </pre>
 *
 * which is not the original's EMA momentum rule.
 */
public final class KerasSgd extends PolicyOptimizer {
  /**
   * @param graph        the graph holding the variables
   * @param learningRate learning rate
   * @param momentum     heavy-ball momentum, 0 for plain SGD
   */
  public KerasSgd(Graph graph, double learningRate, double momentum) {
    super(graph, "SGD", new Rule(learningRate, momentum), Weights.NONE, Warmup.NONE);
  }

  /**
   * The Keras SGD formula as an update rule. State: {@code velocity} when momentum is not 0, else none.
   *
   * @param learningRate learning rate
   * @param momentum     heavy-ball momentum in [0, 1)
   */
  public record Rule(double learningRate, double momentum) implements UpdateRule {
    /**
     * Validates the momentum.
     *
     * @param learningRate learning rate
     * @param momentum heavy-ball momentum in [0, 1)
     * @throws IllegalArgumentException if the momentum is outside [0, 1)
     */
    public Rule {
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("Keras SGD momentum must be in [0, 1), got " + momentum);
      }
    }

    @Override
    public String name() {
      return "keras_sgd";
    }

    @Override
    public List<StateSpec> stateSpecs(Shape paramShape) {
      return momentum == 0 ? List.of() : List.of(StateSpec.float32("velocity", paramShape));
    }

    @Override
    public Step step(Ops tf, StepInput input) {
      Operand<TFloat32> step = tf.math.mul(tf.constant((float) learningRate), input.grad());
      if (momentum == 0) {
        return new Step(step, List.of());
      }
      Operand<TFloat32> velocity = tf.math.sub(
          tf.math.mul(tf.constant((float) momentum), KerasRules.state(input, 0, TFloat32.class)), step);
      // theta += velocity, i.e. the subtracted delta is -velocity.
      return new Step(tf.math.neg(velocity), List.of(velocity));
    }
  }
}
