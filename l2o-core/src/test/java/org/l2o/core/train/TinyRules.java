package org.l2o.core.train;

import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/** Small update rules for engine tests. */
final class TinyRules {
  private TinyRules() {}

  /**
   * A learned rule with state: m = 0.5 m + 0.5 g; delta = 0.5 tanh(a0 g + a1 m + a2). Weights "a" [3].
   */
  static UpdateRule learned() {
    return new UpdateRule() {
      @Override
      public String name() {
        return "tiny_learned";
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<WeightSpec> weightSpecs() {
        return List.of(new WeightSpec("a", Shape.of(3), (s, r) -> new float[] {0.8f, 0.4f, 0.05f}));
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of(StateSpec.float32("m", paramShape));
      }

      @Override
      @SuppressWarnings("unchecked")
      public Step step(Ops tf, StepInput in) {
        Operand<TFloat32> a = in.weights().get(tf, "a");
        Operand<TFloat32> m = (Operand<TFloat32>) in.state().get(0);
        Operand<TFloat32> mNext = tf.math.add(tf.math.mul(tf.constant(0.5f), m), tf.math.mul(tf.constant(0.5f), in.grad()));
        Operand<TFloat32> a0 = tf.gather(a, tf.constant(0), tf.constant(0));
        Operand<TFloat32> a1 = tf.gather(a, tf.constant(1), tf.constant(0));
        Operand<TFloat32> a2 = tf.gather(a, tf.constant(2), tf.constant(0));
        Operand<TFloat32> z = tf.math.add(tf.math.add(tf.math.mul(a0, in.grad()), tf.math.mul(a1, mNext)), a2);
        return new Step(tf.math.mul(tf.constant(0.5f), tf.math.tanh(z)), List.of(mNext));
      }
    };
  }

  /** Plain SGD with rate {@code lr} and no state (a teacher). */
  static UpdateRule sgd(float lr) {
    return new UpdateRule() {
      @Override
      public String name() {
        return "sgd";
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of();
      }

      @Override
      public Step step(Ops tf, StepInput in) {
        return new Step(tf.math.mul(tf.constant(lr), in.grad()), List.of());
      }
    };
  }
  /**
   * {@link #learned()} with a second state c = c + g that a warm-up step keeps (as the LSTM state of an RNN
   * policy, spec §5.5); c does not enter the update.
   */
  static UpdateRule learnedWithCounter() {
    UpdateRule base = learned();
    return new UpdateRule() {
      @Override
      public String name() {
        return "tiny_learned_counter";
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<WeightSpec> weightSpecs() {
        return base.weightSpecs();
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of(StateSpec.float32("m", paramShape),
            new StateSpec("c", paramShape, TFloat32.class, true));
      }

      @Override
      @SuppressWarnings("unchecked")
      public Step step(Ops tf, StepInput in) {
        Step inner = base.step(tf, new StepInput(in.param(), in.grad(), in.state().subList(0, 1), in.weights(),
            in.context()));
        Operand<TFloat32> c = (Operand<TFloat32>) in.state().get(1);
        return new Step(inner.delta(), List.of(inner.state().get(0), tf.math.add(c, in.grad())));
      }
    };
  }

  /**
   * {@link #learned()} with a step counter t = t + 1; the update of step {@code step} (0-based) sends every parameter
   * to +infinity, so the loss of the next step is not finite and the window stops there.
   */
  static UpdateRule divergingAt(int step) {
    UpdateRule base = learned();
    return new UpdateRule() {
      @Override
      public String name() {
        return "tiny_learned_diverging_at_" + step;
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<WeightSpec> weightSpecs() {
        return base.weightSpecs();
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of(StateSpec.float32("m", paramShape), StateSpec.float32("t", paramShape));
      }

      @Override
      @SuppressWarnings("unchecked")
      public Step step(Ops tf, StepInput in) {
        Step inner = base.step(tf, new StepInput(in.param(), in.grad(), in.state().subList(0, 1), in.weights(),
            in.context()));
        Operand<TFloat32> t = (Operand<TFloat32>) in.state().get(1);
        Operand<TFloat32> delta = tf.math.sub(inner.delta(), tf.select(tf.math.equal(t, tf.constant((float) step)),
            tf.fill(tf.shape(t), tf.constant(Float.POSITIVE_INFINITY)), tf.zerosLike(t)));
        return new Step(delta, List.of(inner.state().get(0), tf.math.add(t, tf.constant(1f))));
      }
    };
  }

  /**
   * SGD with rate {@code lr} and a step counter t = t + 1 (no weights); while t == {@code nanStep} coordinate 0
   * of the update is NaN, which the NaN guard of spec §5.2 must catch.
   */
  static UpdateRule nanAt(float lr, int nanStep) {
    return new UpdateRule() {
      @Override
      public String name() {
        return "nan_at_" + nanStep;
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of(StateSpec.float32("t", paramShape));
      }

      @Override
      @SuppressWarnings("unchecked")
      public Step step(Ops tf, StepInput in) {
        Operand<TFloat32> t = (Operand<TFloat32>) in.state().get(0);
        Operand<TBool> first = tf.math.equal(tf.range(tf.constant(0), tf.size(t), tf.constant(1)), tf.constant(0));
        Operand<TBool> bad = tf.math.logicalAnd(first, tf.math.equal(t, tf.constant((float) nanStep)));
        Operand<TFloat32> delta = tf.select(bad, tf.fill(tf.shape(t), tf.constant(Float.NaN)),
            tf.math.mul(tf.constant(lr), in.grad()));
        return new Step(delta, List.of(tf.math.add(t, tf.constant(1f))));
      }
    };
  }
}
