package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A window that stops early (non-finite loss) or whose update is guarded (NaN delta) is trained on its valid
 * part, as the original's {@code break} does (spec §5.3): its meta-gradient is finite and equals the
 * meta-gradient of a run that never reaches the non-finite values. Before the gradient gates, {@code 0 * NaN}
 * from the masked-out steps made these meta-gradients NaN, and the meta-step was skipped.
 */
class TruncatedWindowTest {
  private static final int BATCH = 8;
  private static final int UNROLL = 5;
  private static final int K = 3;
  private static final UnrollOptions SUM = new UnrollOptions(true, true, UnrollOptions.Reduce.MAX,
      UnrollOptions.UnrollWeight.SUM, 1e-10, -1, -1, true, true, false);

  /** What the rule does from step {@code K - 1} (0-based) on. */
  private enum Fault {
    /** Step K-1 sends every parameter to +infinity: the loss of step K is not finite. */
    INFINITE_PARAMETERS,
    /** From step K-1 on the update is NaN with a NaN derivative: the NaN guard keeps theta and the state. */
    NAN_UPDATE,
    /** From step K-1 on the update is zero: the run the NaN guard must be equivalent to. */
    ZERO_UPDATE,
    /** None. */
    NONE
  }

  /** SGD with a learned rate: delta = a * g, plus the fault; the state counts the steps. */
  private static UpdateRule rule(Fault fault) {
    return new UpdateRule() {
      @Override
      public String name() {
        return "faulty_sgd";
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<WeightSpec> weightSpecs() {
        return List.of(new WeightSpec("a", Shape.of(1), (s, r) -> new float[] {0.3f}));
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of(StateSpec.float32("t", paramShape));
      }

      @Override
      public Step step(Ops tf, StepInput in) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> t = (Operand<TFloat32>) in.state().get(0);
        Operand<TFloat32> a = in.weights().get(tf, "a");
        Operand<TFloat32> delta = tf.math.mul(a, in.grad());
        var late = tf.math.greaterEqual(t, tf.constant((float) (K - 1)));
        switch (fault) {
          case INFINITE_PARAMETERS -> delta = tf.math.sub(delta, tf.select(tf.math.equal(t, tf.constant((float) (K - 1))),
              tf.fill(tf.shape(t), tf.constant(Float.POSITIVE_INFINITY)), tf.zerosLike(t)));
          case NAN_UPDATE -> delta = tf.math.mul(delta, tf.select(late, tf.fill(tf.shape(t), tf.constant(Float.NaN)),
              tf.onesLike(t)));
          case ZERO_UPDATE -> delta = tf.math.mul(delta, tf.select(late, tf.zerosLike(t), tf.onesLike(t)));
          case NONE -> { }
        }
        return new Step(delta, List.of(tf.math.add(t, tf.constant(1f))));
      }
    };
  }

  private static UnrollGraph.WindowOutput run(Fault fault, int unroll, WindowSampler.Batch batch) {
    TinyProblem problem = new TinyProblem(256, BATCH, 3);
    try (UnrollGraph graph = new UnrollGraph(problem, rule(fault), List.of(), WeightTransform.IDENTITY, unroll,
        UnrollGraph.Mode.TRAIN, SUM)) {
      ParameterLayout layout = graph.layout();
      Random rng = new Random(11);
      float[] theta = new float[Math.toIntExact(layout.size())];
      List<float[]> init = problem.init(rng);
      for (int i = 0; i < init.size(); i++) {
        System.arraycopy(init.get(i), 0, theta, Math.toIntExact(layout.offset(i)), init.get(i).length);
      }
      float[] scale = new float[theta.length];
      for (int i = 0; i < scale.length; i++) {
        scale[i] = (float) Math.exp(rng.nextDouble() - 0.5);
        theta[i] /= scale[i];
      }
      Trajectory start = Trajectory.start(HostTensor.of(Shape.of(theta.length), theta), graph.studentSlots());
      int examples = unroll * BATCH;
      float[] images = Arrays.copyOf(batch.images(), examples * 4);
      int[] labels = Arrays.copyOf(batch.labels(), examples);
      return graph.run(new UnrollGraph.WindowInput(images, labels, scale,
          Map.of("a", HostTensor.of(Shape.of(1), new float[] {0.3f})), List.of(start), 1f, 0f, 0f));
    }
  }

  private static WindowSampler.Batch window() {
    TinyProblem problem = new TinyProblem(256, BATCH, 3);
    return new WindowSampler(problem.trainData(), BATCH, UNROLL).sample(new Random(5));
  }

  @Test
  void aWindowWhoseLossTurnsNonFiniteAtStepKTrainsOnItsFirstKSteps() {
    WindowSampler.Batch batch = window();
    UnrollGraph.WindowOutput full = run(Fault.INFINITE_PARAMETERS, UNROLL, batch);
    UnrollGraph.WindowOutput prefix = run(Fault.NONE, K, batch);
    assertThat(full.trajectories().get(0).theta().floats()[0]).isNotFinite();
    float g = full.gradients().get("a")[0];
    float expected = prefix.gradients().get("a")[0];
    assertThat(expected).isFinite().isNotZero();
    assertThat(g).isCloseTo(expected, within(1e-5f * Math.abs(expected)));
    assertThat(full.metaLoss()).isCloseTo(prefix.metaLoss(), within(1e-6f));
  }

  @Test
  void aWindowWhoseUpdatesTurnNaNTrainsAsIfTheyHadBeenSkipped() {
    WindowSampler.Batch batch = window();
    UnrollGraph.WindowOutput guarded = run(Fault.NAN_UPDATE, UNROLL, batch);
    UnrollGraph.WindowOutput skipped = run(Fault.ZERO_UPDATE, UNROLL, batch);
    assertThat(guarded.trajectories().get(0).theta().floats())
        .containsExactly(skipped.trajectories().get(0).theta().floats());
    float g = guarded.gradients().get("a")[0];
    float expected = skipped.gradients().get("a")[0];
    assertThat(expected).isFinite().isNotZero();
    assertThat(g).isCloseTo(expected, within(1e-5f * Math.abs(expected)));
    assertThat(guarded.metaLoss()).isEqualTo(skipped.metaLoss());
  }

  @Test
  void aWindowWithoutFaultsKeepsEveryStep() {
    WindowSampler.Batch batch = window();
    UnrollGraph.WindowOutput full = run(Fault.NONE, UNROLL, batch);
    UnrollGraph.WindowOutput prefix = run(Fault.NONE, K, batch);
    // The later steps count: the full window's loss differs from its prefix's.
    assertThat(full.metaLoss()).isNotCloseTo(prefix.metaLoss(), within(1e-4f));
    assertThat(full.finite()).isTrue();
  }
}
