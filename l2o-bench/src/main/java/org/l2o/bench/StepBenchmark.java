package org.l2o.bench;

import org.l2o.eval.harness.TrainingGraph;
import org.l2o.eval.harness.BufferedShuffle;
import org.l2o.eval.harness.OptimizerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.problems.ImageClassifier;

/**
 * Measures milliseconds per training step of a problem under several optimizers in one process. The
 * optimizers' graphs are built side by side and timed in interleaved rounds, so machine noise affects all
 * of them alike; the figure reported per optimizer is the median over rounds of the mean step time.
 */
public final class StepBenchmark {

  /** Result of one optimizer: median ms per step, and the ratio to the reference optimizer. */
  public record Entry(String name, double msPerStep, double minMs, double maxMs, double ratio) {}

  private final ImageClassifier problem;
  private final int warmupSteps;
  private final int stepsPerRound;
  private final int rounds;

  /**
   * @param problem       the optimizee whose training step is timed
   * @param warmupSteps   untimed steps per optimizer before the first round
   * @param stepsPerRound timed steps per optimizer and round
   * @param rounds        number of interleaved rounds
   */
  public StepBenchmark(ImageClassifier problem, int warmupSteps, int stepsPerRound, int rounds) {
    if (stepsPerRound < 1 || rounds < 1 || warmupSteps < 0) {
      throw new IllegalArgumentException("steps per round and rounds must be positive, warm-up >= 0");
    }
    this.problem = problem;
    this.warmupSteps = warmupSteps;
    this.stepsPerRound = stepsPerRound;
    this.rounds = rounds;
  }

  /**
   * Times every optimizer; the first entry of {@code optimizers} is the reference of the ratios.
   *
   * @param optimizers name to factory, in report order
   */
  public List<Entry> run(Map<String, OptimizerFactory> optimizers) {
    if (optimizers.isEmpty()) {
      throw new IllegalArgumentException("no optimizer to benchmark");
    }
    ImageSet train = problem.trainData();
    int batch = problem.batchSize();
    Random rng = new Random(1234);
    float[] images = new float[batch * train.exampleSize()];
    int[] labels = new int[batch];
    int[] order = BufferedShuffle.order(train.size(), train.size(), rng);
    train.gather(order, 0, batch, images, 0, labels, 0);

    Map<String, TrainingGraph> graphs = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, OptimizerFactory> e : optimizers.entrySet()) {
        TrainingGraph g = new TrainingGraph(problem, train.exampleShape(), e.getValue(), new Random(1));
        graphs.put(e.getKey(), g);
        for (int s = 0; s < warmupSteps; s++) {
          g.run(images, labels, true);
        }
      }
      Map<String, double[]> perRound = new LinkedHashMap<>();
      graphs.keySet().forEach(k -> perRound.put(k, new double[rounds]));
      for (int r = 0; r < rounds; r++) {
        for (Map.Entry<String, TrainingGraph> e : graphs.entrySet()) {
          long t0 = System.nanoTime();
          for (int s = 0; s < stepsPerRound; s++) {
            e.getValue().run(images, labels, true);
          }
          perRound.get(e.getKey())[r] = (System.nanoTime() - t0) / 1e6 / stepsPerRound;
        }
      }
      List<Entry> out = new ArrayList<>();
      double reference = Double.NaN;
      for (Map.Entry<String, double[]> e : perRound.entrySet()) {
        double[] ms = e.getValue().clone();
        Arrays.sort(ms);
        double median = ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
        if (Double.isNaN(reference)) {
          reference = median;
        }
        out.add(new Entry(e.getKey(), median, ms[0], ms[ms.length - 1], median / reference));
      }
      return out;
    } finally {
      graphs.values().forEach(TrainingGraph::close);
    }
  }
}
