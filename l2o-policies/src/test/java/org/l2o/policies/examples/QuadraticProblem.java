package org.l2o.policies.examples;

import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.problem.Problem;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The README's example of a new problem that is not a classifier: it overrides {@link #loss} instead of
 * {@code logits}. The loss of the batch is {@code 1/2 sum_i c_i (x_i - mean(inputs))^2} over one parameter
 * vector {@code x}: the batch moves the target, so windows of different data differ. The default
 * {@link Problem#lossAndGradient} differentiates it (a DP-SGD problem would override that instead).
 */
public final class QuadraticProblem implements Problem {
  private final float[] curvature;

  /** A problem with one parameter per curvature entry, all starting at zero. */
  public QuadraticProblem(float... curvature) {
    this.curvature = curvature.clone();
  }

  @Override
  public String name() {
    return "quadratic";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(new ParamSpec("x", Shape.of(curvature.length), Initializers.zeros()));
  }

  @Override
  public int batchSize() {
    return 2;
  }

  @Override
  public int epochs() {
    return 1;
  }

  @Override
  public Shape inputShape() {
    return Shape.of(1);
  }

  @Override
  public LossOutput loss(Ops tf, ProblemInput in) {
    Operand<TFloat32> target = tf.math.mean(in.batch().inputs(), tf.constant(new int[] {0, 1}));
    Operand<TFloat32> diff = tf.math.sub(in.params().get(0), target);
    Operand<TFloat32> weighted = tf.math.mul(tf.constant(curvature), tf.math.square(diff));
    Operand<TFloat32> loss = tf.math.mul(tf.constant(0.5f), tf.reduceSum(weighted, tf.constant(0)));
    return new LossOutput(loss, in.modelState());
  }
}
