package org.l2o.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.random.Seeds;
import org.l2o.core.train.MetaTrainingEvents;
import org.l2o.core.train.PeriodArgs;
import org.l2o.core.train.PeriodResult;
import org.l2o.problems.ImageClassifier;

/**
 * A long meta-training run of a small configuration with this process's resident memory sampled as it goes:
 * training periods of the engine's own learner (one warm-up window per problem instance, windows, clipping,
 * outer Adam, p_teacher 1), each followed by a validation period of one problem instance, until the requested number of meta-steps is done. A leak of native memory (tensors
 * not closed, graphs or sessions rebuilt) shows as resident memory that keeps growing after the first steps;
 * a flat run stays within a few percent of its size at {@link Settings#baselineStep()}.
 *
 * <p>The JVM heap is part of the resident memory and its pages are touched lazily, so it may add to the figure up
 * to {@code -Xmx} without any leak; run with {@code -Xms} equal to {@code -Xmx} and {@code -XX:+AlwaysPreTouch}
 * to have the whole heap resident from the start. Every sample also records the committed heap.
 */
public final class MemorySoak {

  /**
   * What to run.
   *
   * @param unroll          inner steps per window
   * @param teachers        teacher count (0, 1 or 2: Adam, then RMSProp)
   * @param secondOrder     second-order meta-gradients
   * @param metaSteps       meta-steps of training in all (validation steps are not counted)
   * @param depth           windows per problem instance
   * @param instances       problem instances per training period
   * @param sampleEvery     meta-steps between two memory samples
   * @param baselineStep    the meta-step whose sample the growth is measured from (the start-up is before it)
   * @param seed            seed of the student's weights and of every period
   */
  public record Settings(int unroll, int teachers, boolean secondOrder, int metaSteps, int depth, int instances,
      int sampleEvery, int baselineStep, long seed) {
    /** Checks the ranges. */
    public Settings {
      MetaStepConfig.train(unroll, teachers, secondOrder);
      if (depth < 1 || instances < 1) {
        throw new IllegalArgumentException("depth and instances must be at least 1, got " + depth + " and "
            + instances);
      }
      if (sampleEvery < 1) {
        throw new IllegalArgumentException("the sampling interval must be at least 1 meta-step, got " + sampleEvery);
      }
      if (baselineStep < 0 || baselineStep >= metaSteps) {
        throw new IllegalArgumentException("the baseline step must be in [0, " + metaSteps + "), got "
            + baselineStep);
      }
    }

    /** Meta-steps of one training period. */
    public int periodSteps() {
      return Math.multiplyExact(depth, instances);
    }
  }

  /**
   * One memory sample.
   *
   * @param step       training meta-steps done when it was taken
   * @param seconds    seconds since the soak started
   * @param rssBytes   resident memory (VmRSS)
   * @param heapBytes  committed JVM heap
   */
  public record Sample(int step, double seconds, long rssBytes, long heapBytes) {}

  /**
   * The outcome.
   *
   * @param settings        what ran
   * @param samples         every sample, in order (the first at step 0, after the graphs' first use)
   * @param skippedUpdates  training meta-steps whose meta-gradient was not finite (not applied)
   * @param seconds         wall time of the whole soak
   */
  public record Result(Settings settings, List<Sample> samples, int skippedUpdates, double seconds) {

    /** The first sample at or after the baseline step. */
    public Sample baseline() {
      return samples.stream().filter(s -> s.step() >= settings.baselineStep()).findFirst()
          .orElseThrow(() -> new IllegalStateException("no sample at or after the baseline step"));
    }

    /** The last sample. */
    public Sample last() {
      return samples.get(samples.size() - 1);
    }

    /** The largest resident memory of the samples from the baseline on. */
    public long maxRssAfterBaseline() {
      return samples.stream().filter(s -> s.step() >= baseline().step()).mapToLong(Sample::rssBytes).max()
          .orElseThrow();
    }

    /** (last - baseline) / baseline of the resident memory. */
    public double rssGrowth() {
      return growth(baseline().rssBytes(), last().rssBytes());
    }

    /** (max after baseline - baseline) / baseline of the resident memory: the worst point, not only the end. */
    public double maxRssGrowth() {
      return growth(baseline().rssBytes(), maxRssAfterBaseline());
    }

    /** Least-squares slope of the resident memory from the baseline on, in bytes per 1,000 meta-steps. */
    public double rssSlopePerThousandSteps() {
      List<Sample> tail = samples.stream().filter(s -> s.step() >= baseline().step()).toList();
      if (tail.size() < 2) {
        return 0;
      }
      double n = tail.size();
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      for (Sample s : tail) {
        sx += s.step();
        sy += s.rssBytes();
        sxx += (double) s.step() * s.step();
        sxy += (double) s.step() * s.rssBytes();
      }
      double denominator = n * sxx - sx * sx;
      return denominator == 0 ? 0 : 1000 * (n * sxy - sx * sy) / denominator;
    }

    private static double growth(long from, long to) {
      return (double) (to - from) / from;
    }
  }

  /** Warm-up windows per problem instance and their SGD rate: the curriculum's later stages (cl_fixed). */
  private static final int WARMUP = 1;
  private static final double WARMUP_RATE = 0.05;

  private MemorySoak() {}

  /**
   * Runs the soak on {@code problem}, reporting every sample to {@code progress}.
   *
   * @throws IllegalStateException where {@code /proc/self/status} cannot be read (not Linux)
   */
  public static Result run(ImageClassifier problem, Settings settings, Consumer<Sample> progress) {
    if (!ProcStatus.read().available()) {
      throw new IllegalStateException("the memory soak reads /proc/self/status, which this system does not have");
    }
    MetaStepConfig config = MetaStepConfig.train(settings.unroll(), settings.teachers(), settings.secondOrder());
    long start = System.nanoTime();
    List<Sample> samples = new ArrayList<>();
    int skipped = 0;
    try (MetaStepHarness harness = new MetaStepHarness(problem, config, settings.seed())) {
      int[] done = {0};
      Runnable sample = () -> {
        Sample s = new Sample(done[0], (System.nanoTime() - start) / 1e9, ProcStatus.read().rssBytes(),
            Runtime.getRuntime().totalMemory());
        samples.add(s);
        progress.accept(s);
      };
      ProgressListener listener = event -> {
        if (event instanceof MetaTrainingEvents.MetaStep step && !step.validation()) {
          done[0]++;
          if (done[0] % settings.sampleEvery() == 0 || done[0] == settings.metaSteps()) {
            sample.run();
          }
        }
      };
      // One validation period first, so both graphs exist before the first sample.
      harness.period(validation(settings), event -> { });
      sample.run();
      for (int period = 0; done[0] < settings.metaSteps(); period++) {
        int steps = Math.min(settings.periodSteps(), settings.metaSteps() - done[0]);
        int instances = Math.max(1, steps / settings.depth());
        int depth = Math.min(settings.depth(), steps);
        PeriodArgs args = new PeriodArgs(settings.unroll(), depth, instances, WARMUP, WARMUP_RATE, 1.0, false,
            Seeds.derive(settings.seed(), Seeds.PERIOD, period));
        PeriodResult result = harness.period(args, listener);
        skipped += result.skippedUpdates();
        harness.period(validation(settings), event -> { });
      }
    }
    return new Result(settings, List.copyOf(samples), skipped, (System.nanoTime() - start) / 1e9);
  }

  /** One problem instance of validation (forward only, the fixed validation seed, as meta-training). */
  private static PeriodArgs validation(Settings settings) {
    return new PeriodArgs(settings.unroll(), settings.depth(), 1, WARMUP, WARMUP_RATE, 0.0, true, 12345L);
  }
}
