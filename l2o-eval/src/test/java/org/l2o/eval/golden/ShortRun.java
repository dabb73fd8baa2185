package org.l2o.eval.golden;

import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.problems.ImageClassifier;
import org.l2o.eval.harness.BufferedShuffle;
import org.l2o.eval.harness.OptimizerFactory;
import org.l2o.eval.harness.TrainingGraph;
import org.l2o.eval.harness.TrainingHarness;

/**
 * A short training run on the evaluation harness's own graph ({@link TrainingGraph}: fresh Glorot / zero
 * parameters from a seed, the optimizer's {@code minimize}): {@code steps} minibatches drawn from the training
 * split in the harness's buffered-shuffle order (seeded), then one pass over the whole test split
 * (drop-remainder batches, as the harness does).
 */
final class ShortRun {
  /** Loss of every training step (before its update) and the test accuracy after the last step. */
  record Result(float[] losses, double testAccuracy) {
    /** Mean of the training losses of steps {@code from} (inclusive) to {@code to} (exclusive). */
    double meanLoss(int from, int to) {
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += losses[i];
      }
      return sum / (to - from);
    }
  }

  private ShortRun() {}

  /**
   * @param problem   the optimizee (batch size from the problem)
   * @param optimizer the optimizer under test, built in the run's graph
   * @param steps     training steps (at most one epoch of the data order)
   * @param seed      seed of the initial parameters and of the data order
   */
  static Result run(ImageClassifier problem, OptimizerFactory optimizer, int steps, long seed) {
    ImageSet train = problem.trainData();
    ImageSet test = problem.testData();
    int batch = problem.batchSize();
    if ((long) steps * batch > train.size()) {
      throw new IllegalArgumentException(steps + " steps of " + batch + " exceed one epoch of " + train.size());
    }
    Random rng = new Random(seed);
    float[] images = new float[batch * train.exampleSize()];
    int[] labels = new int[batch];
    float[] losses = new float[steps];
    try (TrainingGraph graph = new TrainingGraph(problem, train.exampleShape(), optimizer, rng)) {
      int[] order = BufferedShuffle.order(train.size(), batch * TrainingHarness.SHUFFLE_BUFFER_BATCHES, rng);
      for (int s = 0; s < steps; s++) {
        train.gather(order, s * batch, batch, images, 0, labels, 0);
        losses[s] = graph.run(images, labels, true)[0];
      }
      int[] testOrder = new int[test.size()];
      for (int i = 0; i < testOrder.length; i++) {
        testOrder[i] = i;
      }
      int testBatches = test.size() / batch;
      double correct = 0;
      for (int b = 0; b < testBatches; b++) {
        test.gather(testOrder, b * batch, batch, images, 0, labels, 0);
        correct += graph.run(images, labels, false)[1];
      }
      return new Result(losses, correct / ((double) testBatches * batch));
    }
  }
}
