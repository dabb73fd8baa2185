package org.l2o.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.l2o.problems.ImageClassifier;
import org.l2o.core.train.WindowSampler;
import org.l2o.eval.harness.TrainingGraph;
import org.l2o.policies.optimizer.Baselines;

/**
 * The reference of the meta-training benchmark: one plain training step of the problem under the Adam
 * baseline ({@code Baselines.create("adam", graph)}: Keras formula, lr 0.005), in a {@link TrainingGraph}
 * kept open for the whole benchmark. It is timed in short bursts right before and after every measured
 * configuration, so the ratios compare against the machine's state at that moment.
 */
public final class AdamReference implements AutoCloseable {

  /** The baseline used as the reference. */
  public static final String BASELINE = "adam";

  private final TrainingGraph graph;
  private final float[] images;
  private final int[] labels;
  private final int stepsPerRound;
  private final int rounds;
  private final List<Burst> bursts = new ArrayList<>();

  /**
   * One timed burst.
   *
   * @param wallMs milliseconds per step, median over the burst's rounds
   * @param cpuMs  process CPU milliseconds per step over the whole burst (NaN if unavailable)
   */
  public record Burst(double wallMs, double cpuMs) {}

  /**
   * Builds the training graph and runs {@code warmupSteps} untimed steps.
   *
   * @param problem       the optimizee (batch of its training split)
   * @param warmupSteps   untimed steps first
   * @param stepsPerRound timed steps per round of a burst
   * @param rounds        rounds per burst (the burst's figure is the median round)
   * @param seed          seed of the batch and the initial parameters
   */
  public AdamReference(ImageClassifier problem, int warmupSteps, int stepsPerRound, int rounds, long seed) {
    if (stepsPerRound < 1 || rounds < 1 || warmupSteps < 0) {
      throw new IllegalArgumentException("Adam steps per round and rounds must be positive, warm-up >= 0");
    }
    this.stepsPerRound = stepsPerRound;
    this.rounds = rounds;
    Random rng = new Random(seed);
    WindowSampler.Batch batch = new WindowSampler(problem.trainData(), problem.batchSize(), 1).sample(rng);
    this.images = batch.images();
    this.labels = batch.labels();
    this.graph = new TrainingGraph(problem, problem.trainData().exampleShape(),
        g -> Baselines.create(BASELINE, g), rng);
    for (int s = 0; s < warmupSteps; s++) {
      graph.run(images, labels, true);
    }
  }

  /** Times one burst. */
  public Burst burst() {
    double[] ms = new double[rounds];
    long cpu0 = ProcessCpu.nanos();
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      for (int s = 0; s < stepsPerRound; s++) {
        graph.run(images, labels, true);
      }
      ms[r] = (System.nanoTime() - t0) / 1e6 / stepsPerRound;
    }
    long cpu1 = ProcessCpu.nanos();
    double cpu = cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e6 / ((long) rounds * stepsPerRound);
    Burst b = new Burst(Stats.median(ms), cpu);
    bursts.add(b);
    return b;
  }

  /** Every burst so far, in order. */
  public List<Burst> bursts() {
    return List.copyOf(bursts);
  }

  @Override
  public void close() {
    graph.close();
  }
}
