package org.l2o.policies.analytical;

import java.util.List;
import java.util.Map;
import org.l2o.policies.Moments;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Common part of the original's differentiable PowerSign and AddSign (spec §4.4): Adam-style moments
 * without bias correction and a smooth sign agreement {@code a = tanh(g / s) * tanh(m' / s)} with
 * {@code s = sqrt(v' + eps)}; the subclass turns {@code a} into the factor applied to {@code lr * g}.
 * The {@code temperature} hyper-parameter of the original is accepted and unused. State: {@code m, v}.
 */
public abstract class SignRule extends MomentRule {
  /** Default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 0.001;
  /** Default temperature (unused by the update, as in the original). */
  public static final double DEFAULT_TEMPERATURE = 1.0;

  private final double temperature;

  /**
   * @param className    the original's class name
   * @param name         rule name for logs and op names
   * @param learningRate learning rate
   * @param beta1        first-moment decay in [0, 1)
   * @param beta2        second-moment decay in [0, 1)
   * @param epsilon      added to the second moment inside the square root
   * @param temperature  kept for the config only; it does not enter the update
   */
  protected SignRule(
      String className, String name, double learningRate, double beta1, double beta2, double epsilon,
      double temperature) {
    super(className, name, learningRate, beta1, beta2, epsilon);
    this.temperature = temperature;
  }

  /** {@return the (unused) temperature} */
  public double temperature() {
    return temperature;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = super.config();
    c.put("temperature", temperature);
    return c;
  }

  /**
   * The factor multiplying {@code lr * g}, given the sign agreement {@code a} in [-1, 1].
   *
   * @param tf the ops factory of the graph being built
   * @param agreement {@code a = sign(g) * sign(m)}, elementwise, the shape of the parameter
   * @return the factor, the shape of {@code agreement}
   */
  protected abstract Operand<TFloat32> factor(Ops tf, Operand<TFloat32> agreement);

  @Override
  public final Step step(Ops tf, StepInput input) {
    Operand<TFloat32> g = input.grad();
    Moments.Adam next =
        Moments.adam(tf, state(input, 0), state(input, 1), g, Moments.Decay.of(beta1()), Moments.Decay.of(beta2()));
    Operand<TFloat32> m = next.m();
    Operand<TFloat32> v = next.v();
    Operand<TFloat32> s = Moments.rootWithEpsilonInside(tf, v, epsilon());
    Operand<TFloat32> agreement =
        tf.math.mul(tf.math.tanh(tf.math.div(g, s)), tf.math.tanh(tf.math.div(m, s)));
    Operand<TFloat32> delta = tf.math.mul(tf.math.mul(scalar(tf, learningRate()), factor(tf, agreement)), g);
    return new Step(delta, List.of(m, v));
  }
}
