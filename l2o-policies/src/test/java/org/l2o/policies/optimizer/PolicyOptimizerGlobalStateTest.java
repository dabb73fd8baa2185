package org.l2o.policies.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** PolicyOptimizer runs {@link UpdateRule#update} over all variables with the rule's global state. */
class PolicyOptimizerGlobalStateTest {
  private static final float LR = 0.01f;
  /** Float32 rounding of a few sequential updates. */
  private static final Offset<Float> TOL = within(1e-6f);
  private static final float[] A0 = {1f, 2f};
  private static final float[] CA = {1f, -2f};
  private static final float B0 = 3f;
  private static final float CB = 4f;

  /**
   * SGD whose step size grows with a global step counter: count' = count + 1 (once per update over all tensors,
   * not once per tensor), delta_i = lr * count' * g_i. The per-tensor state "seen" counts the tensor's own steps.
   */
  static final class CountingRule implements UpdateRule {
    private final boolean countKeptInWarmup;

    CountingRule(boolean countKeptInWarmup) {
      this.countKeptInWarmup = countKeptInWarmup;
    }

    @Override
    public String name() {
      return "global_counting";
    }

    @Override
    public List<StateSpec> stateSpecs(Shape paramShape) {
      return List.of(StateSpec.float32("seen", Shape.scalar()));
    }

    @Override
    public List<StateSpec> globalStateSpecs() {
      return List.of(new StateSpec("count", Shape.scalar(), TFloat32.class, countKeptInWarmup));
    }

    @Override
    public Step step(Ops tf, StepInput input) {
      throw new AssertionError("the optimizer must call update, not step, for a rule with a global state");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Update update(Ops tf, UpdateInput in) {
      Operand<TFloat32> count = tf.math.add((Operand<TFloat32>) in.globalState().get(0), tf.constant(1f));
      List<Operand<TFloat32>> deltas = new ArrayList<>();
      List<List<Operand<?>>> states = new ArrayList<>();
      for (int i = 0; i < in.params().size(); i++) {
        deltas.add(tf.math.mul(tf.math.mul(tf.constant(LR), count), in.grads().get(i)));
        states.add(List.of(tf.math.add((Operand<TFloat32>) in.states().get(i).get(0), tf.constant(1f))));
      }
      assertThat(in.context().training()).as("the deployed optimizer runs rules in inference mode").isFalse();
      return new Update(deltas, states, List.of(count));
    }
  }

  /** Values after {@code steps} minimize calls: a (2), b (1), count, seen of a, seen of b, iterations. */
  private static float[] train(UpdateRule rule, Warmup warmup, int steps) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> a = tf.withName("a").variable(tf.constant(A0));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(B0));
      // Linear loss: the gradients are the constant coefficients, so the expected values are closed-form.
      Operand<TFloat32> loss = tf.math.add(tf.reduceSum(tf.math.mul(tf.constant(CA), a), tf.constant(0)),
          tf.math.mul(tf.constant(CB), b));
      PolicyOptimizer opt = new PolicyOptimizer(g, "counting", rule, Weights.NONE, warmup);
      Op train = opt.minimize(loss);
      assertThat(opt.globalStateVariables()).hasSize(1);
      assertThat(opt.globalStateVariables().get(0).op().name()).isEqualTo("counting/global-count");
      s.initialize();
      for (int t = 0; t < steps; t++) {
        s.run(train);
      }
      try (Result r = s.runner().fetch(a).fetch(b).fetch(opt.globalStateVariables().get(0))
          .fetch(opt.getSlot(a.asOutput(), "seen").orElseThrow())
          .fetch(opt.getSlot(b.asOutput(), "seen").orElseThrow()).fetch(opt.iterations().orElseThrow()).run()) {
        TFloat32 av = (TFloat32) r.get(0);
        return new float[] {av.getFloat(0), av.getFloat(1), ((TFloat32) r.get(1)).getFloat(),
            ((TFloat32) r.get(2)).getFloat(), ((TFloat32) r.get(3)).getFloat(), ((TFloat32) r.get(4)).getFloat(),
            ((TInt64) r.get(5)).getLong()};
      }
    }
  }

  @Test
  void theGlobalStateAdvancesOncePerStepAndFeedsEveryTensor() {
    float[] v = train(new CountingRule(false), Warmup.NONE, 3);
    float k = 1 + 2 + 3; // step t uses count t
    assertThat(v[0]).isCloseTo(A0[0] - LR * k * CA[0], TOL);
    assertThat(v[1]).isCloseTo(A0[1] - LR * k * CA[1], TOL);
    assertThat(v[2]).isCloseTo(B0 - LR * k * CB, TOL);
    assertThat(v[3]).as("global count: once per step over both tensors, not once per tensor").isEqualTo(3f);
    assertThat(v[4]).isEqualTo(3f);
    assertThat(v[5]).isEqualTo(3f);
    assertThat(v[6]).isEqualTo(3f);
  }

  @Test
  void aGlobalStateMarkedKeptStaysDuringWarmup() {
    float rate = 0.5f;
    float[] v = train(new CountingRule(true), new Warmup(2, rate), 4);
    // Two warm-up steps of rate * g (count stays 0), then the rule with count 1 and 2.
    float expectedA0 = A0[0] - rate * CA[0] - rate * CA[0] - LR * 1 * CA[0] - LR * 2 * CA[0];
    assertThat(v[0]).isCloseTo(expectedA0, TOL);
    assertThat(v[2]).isCloseTo(B0 - rate * CB - rate * CB - LR * 1 * CB - LR * 2 * CB, TOL);
    assertThat(v[3]).isEqualTo(2f);
    assertThat(v[4]).as("the per-tensor state is not kept: it advances during warm-up").isEqualTo(4f);

    float[] notKept = train(new CountingRule(false), new Warmup(2, rate), 4);
    assertThat(notKept[3]).isEqualTo(4f);
    assertThat(notKept[2]).isCloseTo(B0 - rate * CB - rate * CB - LR * 3 * CB - LR * 4 * CB, TOL);
  }

  @Test
  void oneVariableAloneCannotAdvanceAGlobalState() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> a = tf.withName("a").variable(tf.constant(A0));
      PolicyOptimizer opt = new PolicyOptimizer(g, "counting", new CountingRule(false), Weights.NONE, Warmup.NONE);
      assertThatThrownBy(() -> opt.applyDense(tf, tf.constant(CA).asOutput(), a.asOutput()))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("global state");
    }
  }
}
