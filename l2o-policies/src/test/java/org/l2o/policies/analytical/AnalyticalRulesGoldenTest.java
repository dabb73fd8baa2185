package org.l2o.policies.analytical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.l2o.policies.GradientSequences;
import org.l2o.policies.ReferenceRules;
import org.l2o.policies.ReferenceRules.Reference;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One golden test over all analytical rules: each row is a teacher spec (class name + config dict as
 * parsed from JSON) and an independent double-precision reference with the hyper-parameters the spec
 * says that config means. The rule is unrolled for 20 steps on fixed gradient sequences in one graph.
 */
class AnalyticalRulesGoldenTest {

  /** Relative tolerance of float32 graph arithmetic against the double reference. */
  static final double REL_TOL = 1e-5;

  record Row(String label, String className, Map<String, Object> config, Supplier<Reference> reference) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("Adam defaults", "Adam", Map.of(), ReferenceRules.adam(0.001, 0.9, 0.999, 1e-7)),
        new Row("Adam teacher", "Adam",
            Map.of("learning_rate", 0.005, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10),
            ReferenceRules.adam(0.005, 0.9, 0.999, 1e-10)),
        new Row("Adam pool, other betas", "Adam",
            Map.of("learning_rate", 0.02, "beta_1", 0.5, "beta_2", 0.9, "epsilon", 1e-10, "trainable", false),
            ReferenceRules.adam(0.02, 0.5, 0.9, 1e-10)),
        new Row("RMSProp defaults", "RMSProp", Map.of(), ReferenceRules.rmsprop(0.001, 0.9, 1e-7)),
        new Row("RMSProp teacher", "RMSProp", Map.of("learning_rate", 0.005, "rho", 0.9, "epsilon", 1e-10),
            ReferenceRules.rmsprop(0.005, 0.9, 1e-10)),
        new Row("SGD defaults", "SGD", Map.of(), ReferenceRules.sgd(0.01)),
        new Row("SGD integer lr", "SGD", Map.of("learning_rate", 2, "name", "sgd_pool"), ReferenceRules.sgd(2.0)),
        new Row("Momentum defaults", "Momentum", Map.of(), ReferenceRules.momentum(0.001, 0.9)),
        new Row("Momentum teacher", "Momentum", Map.of("learning_rate", 0.5, "beta_1", 0.9),
            ReferenceRules.momentum(0.5, 0.9)),
        new Row("PowerSign defaults", "PowerSign", Map.of(), ReferenceRules.sign(true, 0.001, 0.9, 0.999, 1e-7)),
        new Row("PowerSign teacher, temperature ignored", "PowerSign",
            Map.of("learning_rate", 0.1, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-10, "temperature", 3),
            ReferenceRules.sign(true, 0.1, 0.9, 0.999, 1e-10)),
        new Row("AddSign defaults", "AddSign", Map.of(), ReferenceRules.sign(false, 0.001, 0.9, 0.999, 1e-7)),
        new Row("AddSign pool, long lr", "AddSign", Map.of("learning_rate", 1L, "epsilon", 1e-10),
            ReferenceRules.sign(false, 1.0, 0.9, 0.999, 1e-10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void unrolledRuleMatchesReference(Row row) {
    AnalyticalRule rule = AnalyticalRules.fromSpec(row.className(), row.config());
    Shape shape = Shape.of(2, 4);
    for (StateSpec spec : rule.stateSpecs(shape)) {
      assertThat(spec.shape()).isEqualTo(shape);
      assertThat(spec.type()).isEqualTo(TFloat32.class);
      assertThat(spec.keptInWarmup()).isFalse();
    }
    double[][] grads = GradientSequences.standard();
    double[][] actual = unroll(rule, shape, grads);
    Reference reference = row.reference().get();
    double[][] expected = new double[grads.length][];
    for (int t = 0; t < grads.length; t++) {
      expected[t] = reference.step(grads[t]);
    }
    assertMatches(row.label(), actual, expected, grads);
  }

  /**
   * Relative tolerance {@link #REL_TOL}, with an absolute floor of {@link #REL_TOL}/10 times the largest
   * update of the coordinate over the sequence: where an update cancels (1 + tanh*tanh near 0, an EMA of
   * alternating signs) float32 rounding of the larger terms dominates the tiny result.
   */
  static void assertMatches(String label, double[][] actual, double[][] expected, double[][] grads) {
    int coords = expected[0].length;
    for (int i = 0; i < coords; i++) {
      double scale = 0;
      for (double[] e : expected) {
        scale = Math.max(scale, Math.abs(e[i]));
      }
      for (int t = 0; t < expected.length; t++) {
        double tol = Math.max(REL_TOL * Math.abs(expected[t][i]), REL_TOL / 10 * scale);
        assertThat(actual[t][i])
            .as("%s: step %d, coordinate %d (g = %s)", label, t + 1, i, grads[t][i])
            .isCloseTo(expected[t][i], Offset.offset(Math.max(tol, Double.MIN_NORMAL)));
      }
    }
  }

  /** Runs the rule for all steps in one graph from zero state; returns the deltas [step][coordinate]. */
  static double[][] unroll(UpdateRule rule, Shape shape, double[][] grads) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Operand<?>> state = new ArrayList<>();
      for (StateSpec spec : rule.stateSpecs(shape)) {
        state.add(tf.zeros(tf.constant(shape.asArray()), spec.type()));
      }
      Operand<TFloat32> param = tf.zeros(tf.constant(shape.asArray()), TFloat32.class);
      List<Operand<TFloat32>> deltas = new ArrayList<>();
      for (double[] gt : grads) {
        Operand<TFloat32> grad = tf.reshape(tf.constant(GradientSequences.toFloat(gt)), tf.constant(shape.asArray()));
        UpdateRule.Step step = rule.step(tf, new UpdateRule.StepInput(param, grad, state, Weights.NONE, false));
        assertThat(step.state()).hasSameSizeAs(state);
        deltas.add(tf.reshape(step.delta(), tf.constant(new long[] {-1})));
        state = step.state();
      }
      Session.Runner runner = s.runner();
      deltas.forEach(runner::fetch);
      double[][] out = new double[grads.length][];
      try (Result r = runner.run()) {
        for (int t = 0; t < grads.length; t++) {
          float[] f = StdArrays.array1dCopyOf((TFloat32) r.get(t));
          out[t] = new double[f.length];
          for (int i = 0; i < f.length; i++) {
            out[t][i] = f[i];
          }
        }
      }
      return out;
    }
  }
}
