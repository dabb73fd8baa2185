package org.l2o.eval.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.core.event.ProgressListener;
import org.l2o.problems.ImageClassifier;

/**
 * Trains one problem once with one optimizer, exactly as the original's {@code evaluate_model} does
 * (spec §9.2): the training split is shuffled every epoch with a tf.data-style buffer of
 * {@code batch_size * 100}, batches drop the remainder, each batch records its loss and accuracy before
 * the update, and after each epoch's training part an unshuffled pass over the test split (also
 * drop-remainder) records the test loss and accuracy. The parameters are fresh Glorot / zero tensors drawn
 * from the given random source; the optimizer is created fresh in the run's own graph. A policy optimizer's
 * debug records (the choice weights) are read after every training minibatch.
 */
public final class TrainingHarness {

  /** Shuffle buffer of the original: batch_size * 100 (spec §9.2). */
  public static final int SHUFFLE_BUFFER_BATCHES = 100;
  /** The most training batches one run records (its per-batch loss and time arrays). */
  public static final int MAX_BATCHES = 100_000_000;

  private final ImageClassifier problem;

  /** @param problem the optimizee (its data is loaded on first use) */
  public TrainingHarness(ImageClassifier problem) {
    this.problem = problem;
  }

  /**
   * Runs one training of {@code epochs} epochs.
   *
   * @param optimizer creates the optimizer under test in the run's graph
   * @param epochs    number of epochs
   * @param rng       source of the initial parameters and of the data order
   * @param listener  receives {@link EvaluationEvents.BatchDone} and {@link EvaluationEvents.EpochDone}
   */
  public RunRecord train(OptimizerFactory optimizer, int epochs, Random rng, ProgressListener listener) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    ImageSet train = problem.trainData();
    ImageSet test = problem.testData();
    int batch = problem.batchSize();
    int trainBatches = train.size() / batch;
    int testBatches = test.size() / batch;
    if (trainBatches == 0 || testBatches == 0) {
      throw new IllegalStateException(problem.name() + ": batch size " + batch
          + " is larger than the training (" + train.size() + ") or test (" + test.size() + ") split");
    }
    if ((long) trainBatches * epochs > MAX_BATCHES) {
      throw new IllegalArgumentException(problem.name() + ": " + epochs + " epochs of " + trainBatches
          + " batches exceed the limit of " + MAX_BATCHES + " recorded training batches per run");
    }
    try (TrainingGraph graph = new TrainingGraph(problem, train.exampleShape(), optimizer, rng)) {
      return loop(graph, train, test, batch, trainBatches, testBatches, epochs, rng, listener);
    }
  }

  private static RunRecord loop(TrainingGraph graph, ImageSet train, ImageSet test, int batch,
      int trainBatches, int testBatches, int epochs, Random rng, ProgressListener listener) {
    int n = trainBatches * epochs;
    float[] batchLoss = new float[n];
    float[] batchTime = new float[n];
    float[] epochLoss = new float[epochs];
    float[] epochAcc = new float[epochs];
    float[] valLoss = new float[epochs];
    float[] valAcc = new float[epochs];
    float[] epochTime = new float[epochs];
    float[] imageBuf = new float[batch * train.exampleSize()];
    int[] labelBuf = new int[batch];
    int[] testOrder = new int[test.size()];
    for (int i = 0; i < testOrder.length; i++) {
      testOrder[i] = i;
    }
    Map<String, float[][]> debug = new LinkedHashMap<>();
    long start = System.nanoTime();
    int step = 0;
    for (int e = 0; e < epochs; e++) {
      int[] order = BufferedShuffle.order(train.size(), batch * SHUFFLE_BUFFER_BATCHES, rng);
      double lossSum = 0;
      double correctSum = 0;
      for (int b = 0; b < trainBatches; b++) {
        train.gather(order, b * batch, batch, imageBuf, 0, labelBuf, 0);
        float[] out = graph.run(imageBuf, labelBuf, true);
        batchLoss[step] = out[0];
        batchTime[step] = (float) ((System.nanoTime() - start) / 1e9);
        lossSum += out[0];
        correctSum += out[1];
        if (graph.hasDebug()) {
          int at = step;
          graph.debug().forEach((key, values) -> debug.computeIfAbsent(key, k -> new float[n][])[at] = values);
        }
        step++;
        listener.on(new EvaluationEvents.BatchDone(e, b, trainBatches, out[0]));
      }
      epochLoss[e] = (float) (lossSum / trainBatches);
      epochAcc[e] = (float) (correctSum / ((double) trainBatches * batch));
      epochTime[e] = (float) ((System.nanoTime() - start) / 1e9);
      double testLoss = 0;
      double testCorrect = 0;
      for (int b = 0; b < testBatches; b++) {
        test.gather(testOrder, b * batch, batch, imageBuf, 0, labelBuf, 0);
        float[] out = graph.run(imageBuf, labelBuf, false);
        testLoss += out[0];
        testCorrect += out[1];
      }
      valLoss[e] = (float) (testLoss / testBatches);
      valAcc[e] = (float) (testCorrect / ((double) testBatches * batch));
      listener.on(new EvaluationEvents.EpochDone(e, epochs, epochLoss[e], epochAcc[e], valLoss[e], valAcc[e],
          (System.nanoTime() - start) / 1e9));
    }
    return new RunRecord(batchLoss, batchTime, epochLoss, epochAcc, valLoss, valAcc, epochTime, debug);
  }
}
