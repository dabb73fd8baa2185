package org.l2o.policies.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.l2o.policies.GradientSequences;
import org.l2o.policies.ReferenceRules.Reference;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A variable x (starting at 0) trained on {@code loss = sum(c * x)} with {@code c} fed at every step,
 * so the gradient at step t is exactly the fed {@code c_t}: the optimizer's trajectory must then be
 * {@code x_t = -(d_1 + ... + d_t)} for the reference updates d.
 */
final class LinearProblem {
  private LinearProblem() {}

  /**
   * Runs the optimizer for all steps of {@code grads}; returns x after each step.
   *
   * @param viaApplyGradients use {@code applyGradients} with the fed c as the gradient instead of {@code minimize}
   */
  static double[][] train(Function<Graph, Optimizer> factory, double[][] grads, boolean viaApplyGradients) {
    int n = grads[0].length;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.withName("x").variable(tf.constant(new float[n]));
      Placeholder<TFloat32> c = tf.withName("c").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
      Optimizer optimizer = factory.apply(g);
      Op train = viaApplyGradients
          ? optimizer.applyGradients(List.of(new GradAndVar<>(c.output(), x.asOutput())), "apply")
          : optimizer.minimize(tf.reduceSum(tf.math.mul(c, x), tf.constant(0)));
      double[][] out = new double[grads.length][n];
      for (int t = 0; t < grads.length; t++) {
        try (TFloat32 ct = TFloat32.vectorOf(GradientSequences.toFloat(grads[t]))) {
          s.runner().feed(c, ct).addTarget(train).run().close();
        }
        try (Result r = s.runner().fetch(x).run()) {
          float[] f = StdArrays.array1dCopyOf((TFloat32) r.get(0));
          for (int i = 0; i < n; i++) {
            out[t][i] = f[i];
          }
        }
      }
      return out;
    }
  }

  /** Asserts {@code x_t = -(d_1 + ... + d_t)} to 1e-5 of {@code |d_1| + ... + |d_t|}. */
  static void assertFollows(String label, double[][] x, Reference reference, double[][] grads) {
    double[] sum = new double[grads[0].length];
    double[] abs = new double[grads[0].length];
    for (int t = 0; t < grads.length; t++) {
      double[] d = reference.step(grads[t]);
      for (int i = 0; i < d.length; i++) {
        sum[i] -= d[i];
        abs[i] += Math.abs(d[i]);
        assertThat(x[t][i]).as("%s: step %d, coordinate %d", label, t + 1, i)
            .isCloseTo(sum[i], Offset.offset(Math.max(1e-5 * abs[i], Double.MIN_NORMAL)));
      }
    }
  }
}
