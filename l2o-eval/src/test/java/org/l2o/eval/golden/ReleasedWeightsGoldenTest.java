package org.l2o.eval.golden;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.core.policy.WeightSpec;
import org.tensorflow.ndarray.Shape;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.policies.ConstantWeights;
import org.l2o.policies.optimizer.Baselines;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.data.Datasets;
import org.junit.jupiter.api.Test;

/**
 * Golden test against the real thing: the original's released student {@code choice-large/1}, read from its
 * checkpoint and run as the shipped drop-in optimizer ({@link PolicyOptimizer} with constant weights and the
 * evaluation's warm-up of 100 SGD steps at 0.05), trains the MNIST CNN {@code conv_train} about as well as Keras
 * Adam. Reference figures of an independent numpy implementation for the same 400-step protocol: mean training
 * loss over steps 300-400 = 0.084 and test accuracy 0.980 (Adam lr 0.005: 0.081 and 0.983); with the LSTM gates
 * in the wrong order the run diverges (loss 2.9), so the thresholds below separate a correct student from a
 * subtly wrong one.
 */
class ReleasedWeightsGoldenTest {
  private static final int STEPS = 400;
  private static final long SEED = 20220425L;

  @Test
  void releasedStudentTrainsConvTrainLikeAdam() throws Exception {
    long start = System.nanoTime();
    ImageClassifier problem = ProblemRegistry.create("conv_train", Datasets::load);
    RnnProp policy = new RnnProp(RnnPropConfig.defaults());
    Path prefix = ReleasedCheckpoints.prefix("choice-large", 1);
    Map<String, float[]> weights = PolicyCheckpoint.readWeights(prefix, policy.weightSpecs());
    ConstantWeights constants = new ConstantWeights(policy.weightSpecs(), weights);

    ShortRun.Result student = ShortRun.run(problem,
        graph -> new PolicyOptimizer(graph, "rnnprop", policy, constants, new Warmup(100, 0.05f)), STEPS, SEED);
    ShortRun.Result adam = ShortRun.run(problem, graph -> Baselines.create("adam", graph), STEPS, SEED);

    double studentLoss = student.meanLoss(300, 400);
    double adamLoss = adam.meanLoss(300, 400);
    System.out.printf("rnnprop choice-large/1: mean loss 300-400 = %.4f, test acc = %.4f; "
            + "adam: mean loss 300-400 = %.4f, test acc = %.4f (%.1f s)%n",
        studentLoss, student.testAccuracy(), adamLoss, adam.testAccuracy(), (System.nanoTime() - start) / 1e9);

    for (float loss : student.losses()) {
      assertThat(loss).as("every training loss of the student is finite").isFinite();
    }
    assertThat(studentLoss).as("student: mean training loss over steps 300-400").isLessThan(0.15);
    assertThat(student.testAccuracy()).as("student: test accuracy after 400 steps").isGreaterThan(0.95);
    assertThat(adamLoss).as("adam: mean training loss over steps 300-400").isLessThan(0.15);
    assertThat(adam.testAccuracy()).as("adam: test accuracy after 400 steps").isGreaterThan(0.95);
  }

  /**
   * Negative control: the same weights read with the forget and cell gate blocks swapped (the [i|c|f|o] order of
   * TensorFlow's fused LSTM kernels instead of Keras' [i|f|c|o]) must fail the thresholds above, so a gate-order
   * mistake in the loader or the cell cannot pass the golden test.
   */
  @Test
  void gatesInTheWrongOrderFailTheThresholds() throws Exception {
    long start = System.nanoTime();
    ImageClassifier problem = ProblemRegistry.create("conv_train", Datasets::load);
    RnnProp policy = new RnnProp(RnnPropConfig.defaults());
    Map<String, float[]> weights =
        PolicyCheckpoint.readWeights(ReleasedCheckpoints.prefix("choice-large", 1), policy.weightSpecs());
    Map<String, float[]> swapped = new LinkedHashMap<>();
    for (WeightSpec spec : policy.weightSpecs()) {
      float[] w = weights.get(spec.name());
      boolean gated = spec.name().startsWith("network/recurrent/");
      swapped.put(spec.name(), gated ? swapForgetAndCell(w, spec.shape()) : w);
    }
    ConstantWeights constants = new ConstantWeights(policy.weightSpecs(), swapped);

    ShortRun.Result wrong = ShortRun.run(problem,
        graph -> new PolicyOptimizer(graph, "rnnprop", policy, constants, new Warmup(100, 0.05f)), STEPS, SEED);
    double loss = wrong.meanLoss(300, 400);
    System.out.printf("rnnprop choice-large/1 with gates [i|c|f|o]: mean loss 300-400 = %.4f, test acc = %.4f "
        + "(%.1f s)%n", loss, wrong.testAccuracy(), (System.nanoTime() - start) / 1e9);

    assertThat(Double.isNaN(loss) || loss > 0.15 || wrong.testAccuracy() < 0.95)
        .as("the wrong gate order fails the golden thresholds (loss %s, accuracy %s)", loss, wrong.testAccuracy())
        .isTrue();
  }

  /** Swaps the second and third 1/4 blocks (f and c) of the last axis of a gate-major LSTM weight. */
  private static float[] swapForgetAndCell(float[] w, Shape shape) {
    int cols = (int) shape.get(shape.numDimensions() - 1);
    int units = cols / 4;
    float[] out = w.clone();
    for (int row = 0; row < w.length / cols; row++) {
      for (int u = 0; u < units; u++) {
        out[row * cols + units + u] = w[row * cols + 2 * units + u];
        out[row * cols + 2 * units + u] = w[row * cols + units + u];
      }
    }
    return out;
  }
}
