package org.l2o.policies.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.l2o.core.problem.Problem;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The README's "Extending" examples compile and do what they say, checked against plain-Java computations of
 * their formulas.
 */
class ExtendingExamplesTest {
  private static final float LR = 0.1f;
  private static final float BETA = 0.5f;

  /** The new rule as an ordinary TF Java optimizer: three minimize steps of sum(w^2). */
  @Test
  void newRuleRunsAsTensorFlowOptimizer() {
    double[] w = {1, -2, 0.02}; // the last coordinate overshoots: sign(m) and sign(g) then differ
    double[] m = new double[3];
    double[][] expected = new double[3][];
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < 3; i++) {
        m[i] = BETA * m[i] + (1 - BETA) * 2 * w[i];
        w[i] -= LR * Math.signum(m[i]);
      }
      expected[t] = w.clone();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.variable(tf.constant(new float[] {1f, -2f, 0.02f}));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(tf.identity(x)), tf.constant(0));
      Op step = new PolicyOptimizer(g, new SignMomentumRule(LR, BETA), Weights.NONE).minimize(loss);
      try (Session s = new Session(g)) {
        s.initialize();
        for (int t = 0; t < 3; t++) {
          s.run(step);
          try (TFloat32 value = (TFloat32) s.runner().fetch(x).run().get(0)) {
            for (int i = 0; i < 3; i++) {
              assertThat((double) value.getFloat(i)).as("step %d, w[%d]", t, i).isCloseTo(expected[t][i], within(1e-6));
            }
          }
        }
      }
    }
  }

  /** The new problem's loss and default gradient on one batch, and the new rule stepping it via update(). */
  @Test
  void newProblemGivesItsLossAndGradientAndTrainsWithTheNewRule() {
    float[] c = {1f, 4f};
    float[][][] images = {{{0.2f}}, {{0.6f}}}; // [B=2, 1, 1]: target = mean = 0.4
    double target = 0.4;
    QuadraticProblem problem = new QuadraticProblem(c);
    SignMomentumRule rule = new SignMomentumRule(LR, BETA);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Problem.Batch batch = new Problem.Batch(tf.constant(images), tf.constant(new int[] {0, 0}));
      List<Operand<TFloat32>> params = List.of(tf.constant(new float[] {1f, -1f}));
      List<List<Operand<?>>> states = List.of(List.of(tf.zeros(tf.constant(new long[] {2}), TFloat32.class)));
      List<Operand<TFloat32>> losses = new ArrayList<>();
      Operand<TFloat32> firstGradient = null;
      for (int t = 0; t < 4; t++) {
        Problem.LossAndGradient lg = problem.lossAndGradient(tf, Problem.ProblemInput.of(params, batch));
        firstGradient = firstGradient == null ? lg.gradients().get(0) : firstGradient;
        UpdateRule.Update u = rule.update(tf, new UpdateRule.UpdateInput(params, lg.gradients(), states, List.of(),
            Weights.NONE, StepContext.inference()));
        losses.add(lg.loss());
        params = List.of(tf.math.sub(params.get(0), u.deltas().get(0)));
        states = u.states();
      }
      double[] x = {1, -1};
      double[] m = new double[2];
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        losses.forEach(runner::fetch);
        runner.fetch(params.get(0));
        runner.fetch(firstGradient);
        try (Result r = runner.run()) {
          float[] g0 = StdArrays.array1dCopyOf((TFloat32) r.get(5));
          assertThat((double) g0[0]).isCloseTo(c[0] * (1 - target), within(1e-6));
          assertThat((double) g0[1]).isCloseTo(c[1] * (-1 - target), within(1e-6));
          for (int t = 0; t < 4; t++) {
            double loss = 0;
            for (int i = 0; i < 2; i++) {
              double grad = c[i] * (x[i] - target);
              loss += 0.5 * c[i] * (x[i] - target) * (x[i] - target);
              m[i] = BETA * m[i] + (1 - BETA) * grad;
              x[i] -= LR * Math.signum(m[i]);
            }
            assertThat((double) ((TFloat32) r.get(t)).getFloat()).as("loss at step %d", t)
                .isCloseTo(loss, within(1e-5));
          }
          float[] last = StdArrays.array1dCopyOf((TFloat32) r.get(4));
          assertThat((double) last[0]).isCloseTo(x[0], within(1e-6));
          assertThat((double) last[1]).isCloseTo(x[1], within(1e-6));
        }
      }
    }
  }
}
