package org.l2o.policies.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.l2o.policies.GradientSequences;
import org.l2o.policies.ReferenceRules;
import org.l2o.policies.ReferenceRules.Reference;
import org.l2o.policies.analytical.AnalyticalRules;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/** PolicyOptimizer running the pool rules on the variables of ordinary graphs. */
class PolicyOptimizerTest {
  static final double[][] G = GradientSequences.standard();

  static Stream<Arguments> teachers() {
    return Stream.of(
        Arguments.of("Adam", Map.of("learning_rate", 0.005, "epsilon", 1e-10), ReferenceRules.adam(0.005, 0.9, 0.999, 1e-10).get()),
        Arguments.of("RMSProp", Map.of("learning_rate", 0.005, "epsilon", 1e-10), ReferenceRules.rmsprop(0.005, 0.9, 1e-10).get()),
        Arguments.of("SGD", Map.of("learning_rate", 0.2), ReferenceRules.sgd(0.2).get()),
        Arguments.of("Momentum", Map.of("learning_rate", 0.5), ReferenceRules.momentum(0.5, 0.9).get()),
        Arguments.of("PowerSign", Map.of("learning_rate", 0.1, "epsilon", 1e-10), ReferenceRules.sign(true, 0.1, 0.9, 0.999, 1e-10).get()),
        Arguments.of("AddSign", Map.of("learning_rate", 0.1), ReferenceRules.sign(false, 0.1, 0.9, 0.999, 1e-7).get()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("teachers")
  void minimizeReproducesTheGoldenSequence(String className, Map<String, Object> config, Reference reference) {
    double[][] x = LinearProblem.train(
        g -> new PolicyOptimizer(g, AnalyticalRules.fromSpec(className, config), Weights.NONE), G, false);
    LinearProblem.assertFollows(className, x, reference, G);
  }

  @Test
  void applyGradientsWithGivenGradients() {
    double[][] x = LinearProblem.train(
        g -> new PolicyOptimizer(g, AnalyticalRules.fromSpec("PowerSign", Map.of("learning_rate", 0.1)), Weights.NONE),
        G, true);
    LinearProblem.assertFollows("PowerSign", x, ReferenceRules.sign(true, 0.1, 0.9, 0.999, 1e-7).get(), G);
  }

  /** Warm-up: rate * grad for the first K iterations while the (not kept) state keeps updating. */
  @Test
  void warmupDoesPlainSgdForTheFirstIterations() {
    int k = 3;
    float rate = 0.05f;
    double[][] x = LinearProblem.train(g -> new PolicyOptimizer(g, "warm",
        AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", 0.005)), Weights.NONE, new Warmup(k, rate)), G, false);
    Reference adam = ReferenceRules.adam(0.005, 0.9, 0.999, 1e-7).get();
    int[] t = {0};
    Reference expected = grad -> {
      double[] d = adam.step(grad); // Adam's m and v advance during the warm-up too
      if (t[0]++ < k) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (double) rate * grad[i];
        }
      }
      return d;
    };
    LinearProblem.assertFollows("warm-up", x, expected, G);
  }

  /** A state marked keptInWarmup keeps its old value during warm-up (UpdateRule.warmupState). */
  @Test
  void warmupKeepsTheStatesMarkedKept() {
    int k = 2;
    int steps = 5;
    UpdateRule counting = new UpdateRule() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of(new StateSpec("count", Shape.scalar(), TFloat32.class, true),
            StateSpec.float32("sum", paramShape));
      }

      @Override
      public Step step(Ops tf, StepInput in) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> count = tf.math.add((Operand<TFloat32>) in.state().get(0), tf.constant(1f));
        @SuppressWarnings("unchecked")
        Operand<TFloat32> sum = tf.math.add((Operand<TFloat32>) in.state().get(1), in.grad());
        return new Step(tf.math.mul(tf.math.mul(tf.constant(0.01f), count), in.grad()), List.of(count, sum));
      }
    };
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.withName("x").variable(tf.constant(new float[] {0f, 0f}));
      PolicyOptimizer opt = new PolicyOptimizer(g, "counting", counting, Weights.NONE, new Warmup(k, 0.5f));
      Op train = opt.minimize(tf.reduceSum(tf.math.mul(tf.constant(new float[] {1f, -2f}), x), tf.constant(0)));
      for (int t = 0; t < steps; t++) {
        s.run(train);
      }
      // x: 2 warm-up steps of 0.5 g, then steps with count 1, 2, 3: 0.01 * (1 + 2 + 3) g
      double factor = k * 0.5 + 0.01 * (1 + 2 + 3);
      assertThat(fetch(s, x)).containsExactly(new float[] {(float) -factor, (float) (2 * factor)}, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(fetch(s, opt.getSlot(x.asOutput(), "count").orElseThrow())).containsExactly(steps - k);
      assertThat(fetch(s, opt.getSlot(x.asOutput(), "sum").orElseThrow())).containsExactly(5f, -10f);
      assertThat(fetchLong(s, opt.iterations().orElseThrow())).isEqualTo(steps);
    }
  }

  /** Two variables of different shapes, next to variables the loss does not reach and another optimizer's slots. */
  @Test
  void trainsTwoVariablesOfDifferentShapesInABusyGraph() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops model = tf.withSubScope("model"); // slot names must cope with '/' in variable names
      Variable<TFloat32> w = model.withName("w").variable(tf.zeros(tf.constant(new long[] {2, 4}), TFloat32.class));
      Variable<TFloat32> b = model.withName("b").variable(tf.constant(new float[3]));
      Variable<TFloat32> unrelated = tf.withName("unrelated").variable(tf.constant(new float[] {7f, 8f}));
      Variable<TInt64> counter = tf.withName("counter").variable(tf.constant(3L));
      Placeholder<TFloat32> cw = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 4)));
      Placeholder<TFloat32> cb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
      // another optimizer first, so the graph already holds its slots and counter
      Op other = new PolicyOptimizer(g, AnalyticalRules.fromSpec("Adam", null), Weights.NONE)
          .minimize(tf.reduceSum(tf.math.mul(tf.identity(unrelated), tf.identity(unrelated)), tf.constant(0)));
      assertThat(other).isNotNull();
      PolicyOptimizer opt = new PolicyOptimizer(g, AnalyticalRules.fromSpec("RMSProp", Map.of("learning_rate", 0.005)), Weights.NONE);
      Operand<TFloat32> loss = tf.math.add(
          tf.reduceSum(tf.math.mul(cw, w), tf.constant(new int[] {0, 1})),
          tf.reduceSum(tf.math.mul(cb, b), tf.constant(0)));
      Op train = opt.minimize(loss);

      Reference refW = ReferenceRules.rmsprop(0.005, 0.9, 1e-7).get();
      Reference refB = ReferenceRules.rmsprop(0.005, 0.9, 1e-7).get();
      double[] expW = new double[8];
      double[] expB = new double[3];
      for (double[] gt : G) {
        double[] gb = {-2 * gt[4], gt[1], 3 * gt[7]};
        float[][] gw = {GradientSequences.toFloat(java.util.Arrays.copyOfRange(gt, 0, 4)),
            GradientSequences.toFloat(java.util.Arrays.copyOfRange(gt, 4, 8))};
        try (TFloat32 tw = TFloat32.tensorOf(StdArrays.ndCopyOf(gw));
            TFloat32 tb = TFloat32.vectorOf(GradientSequences.toFloat(gb))) {
          s.runner().feed(cw, tw).feed(cb, tb).addTarget(train).run().close();
        }
        double[] dw = refW.step(gt);
        double[] db = refB.step(new double[] {(float) gb[0], (float) gb[1], (float) gb[2]});
        for (int i = 0; i < 8; i++) {
          expW[i] -= dw[i];
        }
        for (int i = 0; i < 3; i++) {
          expB[i] -= db[i];
        }
      }
      float[] actualW = fetch(s, tf.reshape(w, tf.constant(new long[] {-1})));
      float[] actualB = fetch(s, b);
      for (int i = 0; i < 8; i++) {
        assertThat((double) actualW[i]).as("w[%d]", i).isCloseTo(expW[i], within(1e-5 * Math.max(Math.abs(expW[i]), 1e-3)));
      }
      for (int i = 0; i < 3; i++) {
        assertThat((double) actualB[i]).as("b[%d]", i).isCloseTo(expB[i], within(1e-5 * Math.max(Math.abs(expB[i]), 1e-3)));
      }
      assertThat(fetch(s, unrelated)).containsExactly(7f, 8f);
      assertThat(fetchLong(s, counter)).isEqualTo(3L);
      assertThat(opt.getSlot(w.asOutput(), "ms").orElseThrow().shape()).isEqualTo(Shape.of(2, 4));
      assertThat(opt.getSlot(b.asOutput(), "ms").orElseThrow().shape()).isEqualTo(Shape.of(3));
      assertThat(opt.getSlot(unrelated.asOutput(), "ms")).isEmpty();
      assertThat(opt.stateVariables(w.asOutput())).hasSize(1);
      assertThat(opt.stateVariables(w.asOutput()).get(0).op().name()).isEqualTo("rmsprop/model_w-ms");
      assertThat(fetchLong(s, opt.iterations().orElseThrow())).isEqualTo(G.length);
    }
  }

  /**
   * tensorflow-java.md §7: with grappler off, framework slots initialised from fill(shape(var)) read an
   * uninitialised variable. Ours are zeros of a constant shape, so the first step is Adam's lr * sign(g).
   */
  @Test
  void slotsInitialiseWithGrapplerDisabled() {
    ConfigProto noGrappler = ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder()
            .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
        .build();
    try (Graph g = new Graph(); Session s = new Session(g, noGrappler)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.withName("x").variable(tf.constant(new float[] {1f, 1f, 1f}));
      Op train = new PolicyOptimizer(g, AnalyticalRules.fromSpec("Adam", Map.of("learning_rate", 0.01)), Weights.NONE)
          .minimize(tf.reduceSum(tf.math.mul(tf.constant(new float[] {3f, -0.5f, 100f}), x), tf.constant(0)));
      s.run(train);
      assertThat(fetch(s, x)).containsExactly(new float[] {0.99f, 1.01f, 0.99f}, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  /** The framework's per-variable hook builds the same update for one variable (without counting it). */
  @Test
  void applyDenseUpdatesOneVariable() {
    class Exposed extends PolicyOptimizer {
      Exposed(Graph g) {
        super(g, AnalyticalRules.fromSpec("Momentum", Map.of("learning_rate", 0.5)), Weights.NONE);
      }

      Op dense(Ops tf, org.tensorflow.Output<TFloat32> grad, org.tensorflow.Output<TFloat32> var) {
        return applyDense(tf, grad, var);
      }
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> x = tf.withName("x").variable(tf.constant(new float[] {1f, 2f}));
      Exposed opt = new Exposed(g);
      Op step = opt.dense(tf, tf.constant(new float[] {2f, -4f}).asOutput(), x.asOutput());
      s.run(step);
      s.run(step);
      // EMA momentum: mu1 = 0.1 g, mu2 = 0.19 g; x = x0 - 0.5 (0.1 + 0.19) g
      assertThat(fetch(s, x)).containsExactly(new float[] {1f - 0.29f, 2f + 0.58f}, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(fetchLong(s, opt.iterations().orElseThrow())).isZero();
    }
  }

  @Test
  void clearErrorsForUnsupportedGraphs() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      PolicyOptimizer opt = new PolicyOptimizer(g, AnalyticalRules.fromSpec("SGD", null), Weights.NONE);
      Variable<TFloat64> d = tf.withName("d").variable(tf.constant(new double[] {1.0}));
      assertThatThrownBy(() -> opt.minimize(tf.reduceSum(tf.math.mul(d, d), tf.constant(0))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'d'").hasMessageContaining("float32");
      assertThatThrownBy(() -> opt.minimize(tf.reduceSum(tf.constant(new float[] {1f}), tf.constant(0))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no float32 variable");
      assertThatThrownBy(() -> new PolicyOptimizer(g, "bad name", AnalyticalRules.fromSpec("SGD", null), Weights.NONE, Warmup.NONE))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
      assertThatThrownBy(() -> new Warmup(-1, 0.1f)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  static float[] fetch(Session s, Operand<?> op) {
    try (Result r = s.runner().fetch(op).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      if (t.shape().numDimensions() == 0) {
        return new float[] {t.getFloat()};
      }
      return StdArrays.array1dCopyOf(t);
    }
  }

  static long fetchLong(Session s, Operand<?> op) {
    try (Result r = s.runner().fetch(op).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }
}
