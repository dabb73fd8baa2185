package org.l2o.policies.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.policies.GradientSequences;
import org.l2o.policies.ReferenceRules;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The Keras reference optimizers of the baselines against the Keras formulas of spec §17. */
class KerasOptimizersTest {
  static final double[][] G = GradientSequences.standard();

  @Test
  void kerasRmsPropHasEpsilonOutsideTheSquareRoot() {
    double[][] x = LinearProblem.train(g -> new KerasRmsProp(g, 0.005, 0.9, 1e-7), G, false);
    LinearProblem.assertFollows("Keras RMSprop", x, ReferenceRules.kerasRmsProp(0.005, 0.9, 1e-7).get(), G);
    // and it is not the original's rule (eps inside the sqrt): the tiny-gradient coordinate 2 differs
    double[][] original = LinearProblem.train(g -> new PolicyOptimizer(g,
        new org.l2o.policies.analytical.RmsPropRule("rmsprop", 0.005, 0.9, 1e-7), org.l2o.core.policy.Weights.NONE), G, false);
    assertThat(Math.abs(original[0][2] - x[0][2])).isGreaterThan(0.1 * Math.abs(x[0][2]));
  }

  @Test
  void kerasAdamHasTrueBiasCorrection() {
    double[][] x = LinearProblem.train(g -> new KerasAdam(g, 0.005), G, false);
    LinearProblem.assertFollows("Keras Adam", x, ReferenceRules.kerasAdam(0.005, 0.9, 0.999, 1e-7).get(), G);
  }

  @Test
  void kerasSgdPlainAndHeavyBall() {
    double[][] plain = LinearProblem.train(g -> new KerasSgd(g, 0.2, 0), G, true);
    LinearProblem.assertFollows("Keras SGD", plain, ReferenceRules.sgd(0.2).get(), G);
    double[][] heavy = LinearProblem.train(g -> new KerasSgd(g, 0.5, 0.9), G, false);
    LinearProblem.assertFollows("Keras SGD momentum", heavy, ReferenceRules.kerasMomentum(0.5, 0.9).get(), G);
  }

  /**
   * Step 1 of Keras Adam is lr * g / (|g| + eps) on every variable, in every session. (TF Java 1.1.0's
   * framework Adam fails this: its beta-power updates race with ApplyAdam.)
   */
  @Test
  void kerasAdamFirstStepIsNotRacy() {
    int vars = 4;
    int size = 50_000;
    double lr = 0.01;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Variable<TFloat32>> xs = new ArrayList<>();
      Operand<TFloat32> loss = tf.constant(0f);
      float[] ones = new float[size];
      java.util.Arrays.fill(ones, 1f);
      for (int k = 0; k < vars; k++) {
        Variable<TFloat32> v = tf.withName("v" + k).variable(tf.constant(ones));
        xs.add(v);
        loss = tf.math.add(loss, tf.reduceSum(tf.math.mul(tf.identity(v), tf.identity(v)), tf.constant(0)));
      }
      Op train = new KerasAdam(g, lr).minimize(loss);
      double expected = 1 - lr * 2 / (2 + 1e-7); // g = 2x = 2
      for (int rep = 0; rep < 8; rep++) {
        try (Session s = new Session(g)) {
          s.run(train);
          for (Variable<TFloat32> v : xs) {
            try (Result r = s.runner().fetch(v).run()) {
              float[] f = StdArrays.array1dCopyOf((TFloat32) r.get(0));
              assertThat((double) f[0]).as("session %d, %s", rep, v.op().name())
                  .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
              assertThat((double) f[size - 1]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
            }
          }
        }
      }
    }
  }
}
