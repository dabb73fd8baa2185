package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A window whose loss explodes stops as spec §5.3 says; a non-finite meta-gradient is never applied, a stopped
 * window's valid part is (see {@link TruncatedWindowTest}).
 */
class NonFiniteWindowTest {

  /**
   * delta = -a (|g| + 1): every parameter moves up by at least a. With a near the float32 maximum the
   * parameters overflow to infinity without any NaN in the update, so the loss of the next step is not finite.
   */
  private static UpdateRule explosive(float initial) {
    return new UpdateRule() {
      @Override
      public String name() {
        return "explosive";
      }

      @Override
      public boolean fusable() {
        return true;
      }

      @Override
      public List<WeightSpec> weightSpecs() {
        return List.of(new WeightSpec("a", Shape.of(1), (s, r) -> new float[] {initial}));
      }

      @Override
      public List<StateSpec> stateSpecs(Shape paramShape) {
        return List.of();
      }

      @Override
      public Step step(Ops tf, StepInput in) {
        Operand<TFloat32> a = in.weights().get(tf, "a");
        return new Step(tf.math.neg(tf.math.mul(a, tf.math.add(tf.math.abs(in.grad()), tf.constant(1f)))),
            List.of());
      }
    };
  }

  private static MetaLearner learner(TinyProblem problem, UpdateRule student, List<TeacherSpec> teachers,
      double learningRate) {
    MetaWorker worker = new MetaWorker(problem, problem.trainData(), student, teachers, WeightTransform.IDENTITY,
        UnrollOptions.defaults(), 0.0);
    return new MetaLearner(worker, LossWeighting.SUM, AdaptiveGradientClipping.defaults(),
        OuterAdam.withLearningRate(learningRate), Perturbation.NONE, 5L);
  }

  /**
   * The first window's first update overflows the parameters: its imitation distance (measured after the update,
   * spec §5.3 step 5) is infinite, so its meta-gradient is not finite and is skipped. The second window starts
   * at infinite parameters: its first loss is not finite, it stops before adding any term (the original's
   * {@code break}) and so measured nothing: its losses are recorded as NaN, not as the empty sums' 0, and its
   * update is skipped too (the original applies its zero meta-gradient).
   */
  @Test
  void explodingWindowsStopAndTheirUpdatesAreSkipped() {
    TinyProblem problem = new TinyProblem(256, 8, 3);
    try (MetaLearner trainer = learner(problem, explosive(3e38f), List.of(TeacherSpec.of(TinyRules.sgd(0.5f))), 1e-3)) {
      PeriodResult result = trainer.run(new PeriodArgs(4, 2, 1, 0, 0, 0.5, false, null), ProgressListener.NONE);
      assertThat(result.skippedUpdates()).isEqualTo(2);
      assertThat(result.noUpdateApplied()).isTrue();
      assertThat(trainer.weights().get("a")).containsExactly(3e38f);
      assertThat(trainer.outer().iterations()).isZero();
      // The first window stops at its first non-finite loss: only finite terms enter its losses.
      assertThat(result.metaLoss()[0]).isFinite();
      assertThat(result.metaLoss()[1]).isNaN();
      assertThat(result.imitationLoss()[1]).isNaN();
    }
  }

  @Test
  void finiteWindowsUpdateTheWeights() {
    TinyProblem problem = new TinyProblem(256, 8, 3);
    try (MetaLearner trainer = learner(problem, explosive(1e-3f), List.of(), 1e-2)) {
      PeriodResult result = trainer.run(new PeriodArgs(4, 3, 1, 0, 0, 0, false, null), ProgressListener.NONE);
      assertThat(result.skippedUpdates()).isZero();
      assertThat(trainer.outer().iterations()).isEqualTo(3);
      assertThat(trainer.weights().get("a")[0]).isNotEqualTo(1e-3f);
    }
  }

  @Test
  void aOneStepWindowWithoutTeachersHasAZeroMetaGradient() {
    TinyProblem problem = new TinyProblem(256, 8, 3);
    try (MetaLearner trainer = learner(problem, explosive(1e-3f), List.of(), 1e-2)) {
      PeriodResult result = trainer.run(new PeriodArgs(1, 2, 1, 0, 0, 0, false, null), ProgressListener.NONE);
      assertThat(result.metaLoss()).containsExactly(0f, 0f);
      assertThat(trainer.weights().get("a")).containsExactly(1e-3f);
    }
  }
}
