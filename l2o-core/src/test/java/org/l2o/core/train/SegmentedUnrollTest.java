package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.random.RandomKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A TRAIN window run in segments ({@link SegmentedUnroll}) against the same window as one graph: the same losses,
 * counts, distances and trajectories, and the same meta-gradient up to float rounding (tolerances below), for
 * first and second order, segment lengths that divide the unroll and ones that leave a shorter last segment, a rule
 * with an unused state, weights that draw noise from the step keys, and a window that stops in a later segment.
 */
class SegmentedUnrollTest {
  private static final int UNROLL = 7;
  private static final float META_WEIGHT = 1f;
  private static final float IMITATION_WEIGHT = 0.3f;
  /** Relative tolerance of the gradients (sums over segments in another order, float32). */
  private static final double GRADIENT_TOLERANCE = 1e-4;
  /** Relative tolerance of the losses (a sum of per-segment sums instead of one running sum, float32). */
  private static final double LOSS_TOLERANCE = 1e-5;

  private static final TinyProblem PROBLEM = new TinyProblem(256, 8, 7);
  private static final List<TeacherSpec> TEACHERS =
      List.of(TeacherSpec.of(TinyRules.sgd(0.5f)), TeacherSpec.of(TinyRules.sgd(2f)));

  /** The student's weights plus noise drawn from the step's key at every use (as the Gaussian perturbation). */
  private static final WeightTransform NOISY = (tf, weights, context) -> (t, name) -> {
    Operand<TFloat32> w = weights.get(name);
    return tf.math.add(w, tf.math.mul(tf.constant(0.05f),
        tf.stopGradient(RandomKeys.normalLike(tf, RandomKeys.fold(tf, context.key(), name), w))));
  };

  private static UnrollGraph.WindowInput input(UpdateRule student, float[] a, List<TeacherSpec> teachers) {
    return PROBLEM.window(UNROLL, student, teachers, Map.of("a", HostTensor.of(Shape.of(3), a)), META_WEIGHT,
        IMITATION_WEIGHT, 42L, new Random(11));
  }

  private static void assertSameWindow(UnrollGraph.WindowOutput whole, UnrollGraph.WindowOutput segmented) {
    assertThat((double) segmented.metaLoss()).as("meta loss")
        .isCloseTo(whole.metaLoss(), Offset.offset(LOSS_TOLERANCE * Math.max(1, Math.abs(whole.metaLoss()))));
    assertThat((double) segmented.imitationLoss()).as("imitation loss")
        .isCloseTo(whole.imitationLoss(), Offset.offset(LOSS_TOLERANCE * Math.max(1, Math.abs(whole.imitationLoss()))));
    assertThat(segmented.countedSteps()).as("counted steps").isEqualTo(whole.countedSteps());
    assertThat(segmented.teacherCounts()).as("teacher counts").containsExactly(whole.teacherCounts());
    assertThat(segmented.teacherDistances()).as("teacher distances")
        .containsExactly(whole.teacherDistances(), org.assertj.core.data.Offset.offset(1e-5f));
    for (int k = 0; k < whole.trajectories().size(); k++) {
      assertThat(segmented.trajectories().get(k).theta().floats()).as("trajectory %d theta", k)
          .containsExactly(whole.trajectories().get(k).theta().floats(), org.assertj.core.data.Offset.offset(1e-6f));
      for (int j = 0; j < whole.trajectories().get(k).states().size(); j++) {
        assertThat(segmented.trajectories().get(k).states().get(j).floats()).as("trajectory %d state %d", k, j)
            .containsExactly(whole.trajectories().get(k).states().get(j).floats(),
                org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
    float[] expected = whole.gradients().get("a");
    float[] actual = segmented.gradients().get("a");
    double norm = 0;
    for (float g : expected) {
      norm = Math.max(norm, Math.abs(g));
    }
    assertThat(norm).as("the meta-gradient is not trivially zero").isGreaterThan(1e-3);
    for (int j = 0; j < expected.length; j++) {
      assertThat((double) actual[j]).as("gradient component %d", j)
          .isCloseTo(expected[j], Offset.offset(GRADIENT_TOLERANCE * norm));
    }
  }

  private static void compare(UpdateRule student, WeightTransform transform, UnrollOptions options, int segment,
      float[] a, List<TeacherSpec> teachers, int expectedSegments) {
    UnrollGraph.WindowInput in = input(student, a, teachers);
    UnrollGraph.WindowOutput whole;
    try (UnrollGraph graph = new UnrollGraph(PROBLEM, student, teachers, transform, UNROLL, UnrollGraph.Mode.TRAIN,
        options)) {
      whole = graph.run(in);
    }
    try (SegmentedUnroll graph = new SegmentedUnroll(PROBLEM, student, teachers, transform, UNROLL, segment,
        options)) {
      assertThat(graph.segments()).isEqualTo(expectedSegments);
      assertSameWindow(whole, graph.run(in));
    }
  }

  @ParameterizedTest(name = "segments of at most {0} steps, second order {1}")
  @CsvSource({"1, true, 7", "2, true, 4", "3, true, 3", "6, true, 2", "3, false, 3", "6, false, 2"})
  void segmentsGiveTheWholeWindowsLossesAndMetaGradient(int segment, boolean secondOrder, int segments) {
    compare(TinyRules.learned(), WeightTransform.IDENTITY, UnrollOptions.defaults().withSecondOrder(secondOrder),
        segment, new float[] {0.8f, 0.4f, 0.05f}, TEACHERS, segments);
  }

  @Test
  void aStateThatEntersNoLossHasAZeroAdjointAndTheGradientIsTheSame() {
    compare(TinyRules.learnedWithCounter(), WeightTransform.IDENTITY, UnrollOptions.defaults(), 3,
        new float[] {0.8f, 0.4f, 0.05f}, TEACHERS, 3);
  }

  @Test
  void noiseDrawnFromTheStepKeysIsTheSameInEverySegment() {
    // A segment keys its steps by their index in the window: offset keys would draw other noise and change the loss.
    compare(TinyRules.learned(), NOISY, UnrollOptions.defaults(), 3, new float[] {0.8f, 0.4f, 0.05f}, TEACHERS, 3);
  }

  @Test
  void withoutTeachersTheMetaLossAloneIsDifferentiated() {
    compare(TinyRules.learned(), WeightTransform.IDENTITY, UnrollOptions.defaults(), 2,
        new float[] {0.8f, 0.4f, 0.05f}, List.of(), 4);
  }

  /** The step whose update sends every parameter to +infinity ({@link TinyRules#divergingAt}). */
  private static final int STOP_STEP = 3;

  @Test
  void aWindowThatStopsInALaterSegmentStopsThereAndTrainsOnItsValidPart() {
    UpdateRule student = TinyRules.divergingAt(STOP_STEP);
    UnrollGraph.WindowInput in = input(student, new float[] {0.8f, 0.4f, 0.05f}, List.of());
    UnrollGraph.WindowOutput whole;
    try (UnrollGraph graph = new UnrollGraph(PROBLEM, student, List.of(), WeightTransform.IDENTITY, UNROLL,
        UnrollGraph.Mode.TRAIN, UnrollOptions.defaults())) {
      whole = graph.run(in);
    }
    // The loss after the infinite update (step 4) is not finite: steps 0-3 count, in the second of four segments.
    // (Without teachers: the imitation term of step 3 would measure the infinite update itself.)
    assertThat(whole.countedSteps()).isEqualTo(STOP_STEP + 1);
    try (SegmentedUnroll graph = new SegmentedUnroll(PROBLEM, student, List.of(), WeightTransform.IDENTITY, UNROLL, 2,
        UnrollOptions.defaults())) {
      assertSameWindow(whole, graph.run(in));
    }
  }

  @Test
  void aSegmentLengthOutsideOneToUnrollMinusOneIsRefused() {
    assertThatThrownBy(() -> new SegmentedUnroll(PROBLEM, TinyRules.learned(), TEACHERS, WeightTransform.IDENTITY,
        UNROLL, UNROLL, UnrollOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment length must be between 1 and 6 for an unroll of 7, got 7");
  }
}
