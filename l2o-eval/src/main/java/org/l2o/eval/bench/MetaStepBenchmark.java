package org.l2o.eval.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.l2o.core.problem.Problem;
import org.l2o.core.train.UnrollGraph;

/**
 * Seconds per inner step of meta-training, as ratios to one plain Adam training step timed in the same
 * process. For every configuration it builds the unroll graph ({@link MetaStepHarness}), times the build,
 * the first run (TensorFlow optimises the whole graph then) and, after untimed warm-up windows, a number of
 * timed windows; Adam bursts ({@link AdamReference}) are timed right before and after each configuration.
 * Configurations run one after another, each graph closed before the next is built.
 */
public final class MetaStepBenchmark implements AutoCloseable {

  /**
   * How much to run.
   *
   * @param warmupWindows untimed windows after the first run
   * @param timedWindows  timed windows (the median is reported)
   * @param adamWarmup    untimed Adam steps when the reference is built
   * @param adamSteps     Adam steps per round of a burst
   * @param adamRounds    rounds per Adam burst
   * @param seed          seed of weights, data, scalings and initial parameters
   */
  public record Settings(int warmupWindows, int timedWindows, int adamWarmup, int adamSteps, int adamRounds,
      long seed) {
    /** Checks the counts. */
    public Settings {
      if (warmupWindows < 0 || timedWindows < 1 || adamWarmup < 0 || adamSteps < 1 || adamRounds < 1) {
        throw new IllegalArgumentException("timed windows, Adam steps and rounds must be positive and warm-up"
            + " counts >= 0: " + this);
      }
    }

    /** 2 warm-up and 5 timed windows; Adam: 30 warm-up steps, bursts of 3 rounds of 30 steps; seed 1234. */
    public static Settings defaults() {
      return new Settings(2, 5, 30, 30, 3, 1234);
    }
  }

  /**
   * The measurements of one configuration.
   *
   * @param config               the configuration
   * @param operations           operations in the unroll graph
   * @param buildSeconds         building the graph and opening its session
   * @param firstRunSeconds      the first window (graph optimisation and allocator warm-up included)
   * @param secondsPerWindow     median over the timed windows (graph run, feeds and fetches, and in TRAIN
   *                             mode the host-side clipping and outer Adam update)
   * @param minSecondsPerWindow  fastest timed window
   * @param maxSecondsPerWindow  slowest timed window
   * @param sampleSecondsPerWindow median host time to draw a window's data, scaling and trajectories (not
   *                             included in the window time)
   * @param adamMsPerStep        the Adam reference around this configuration (mean of the bursts right
   *                             before and after it)
   * @param cpuSecondsPerWindow  median process CPU seconds of a timed window (all threads; NaN if unknown)
   * @param adamCpuMsPerStep     process CPU milliseconds of an Adam step around this configuration
   * @param nonFiniteWindows     windows whose meta loss or meta-gradient was not finite
   * @param windows              timed windows
   */
  public record Result(MetaStepConfig config, long operations, double buildSeconds, double firstRunSeconds,
      double secondsPerWindow, double minSecondsPerWindow, double maxSecondsPerWindow,
      double sampleSecondsPerWindow, double adamMsPerStep, double cpuSecondsPerWindow, double adamCpuMsPerStep,
      int nonFiniteWindows, int windows) {

    /** Milliseconds per inner step: the window time over the unroll length. */
    public double msPerInnerStep() {
      return secondsPerWindow * 1000 / config.unroll();
    }

    /** Inner step time as a multiple of one plain Adam step. */
    public double ratioToAdam() {
      return msPerInnerStep() / adamMsPerStep;
    }

    /** Process CPU milliseconds per inner step. */
    public double cpuMsPerInnerStep() {
      return cpuSecondsPerWindow * 1000 / config.unroll();
    }

    /** CPU time of an inner step as a multiple of the CPU time of one plain Adam step. */
    public double cpuRatioToAdam() {
      return cpuMsPerInnerStep() / adamCpuMsPerStep;
    }
  }

  private final Problem problem;
  private final Settings settings;
  private final AdamReference adam;

  /**
   * Loads the problem's training split and builds the Adam reference.
   *
   * @param problem  the optimizee (conv_train in the issue)
   * @param settings how much to run
   */
  public MetaStepBenchmark(Problem problem, Settings settings) {
    this.problem = problem;
    this.settings = settings;
    this.adam = new AdamReference(problem, settings.adamWarmup(), settings.adamSteps(), settings.adamRounds(),
        settings.seed());
  }

  /** The Adam reference (all bursts timed so far). */
  public AdamReference adam() {
    return adam;
  }

  /** Measures every configuration in order, reporting each result to {@code progress} as it is done. */
  public List<Result> run(List<MetaStepConfig> configs, Consumer<Result> progress) {
    List<Result> out = new ArrayList<>();
    for (MetaStepConfig c : configs) {
      Result r = measure(c);
      progress.accept(r);
      out.add(r);
    }
    return out;
  }

  /** Measures one configuration (see the class comment). */
  public Result measure(MetaStepConfig config) {
    AdamReference.Burst before = adam.burst();
    int n = settings.timedWindows();
    double[] window = new double[n];
    double[] cpu = new double[n];
    double[] sample = new double[n];
    long operations;
    double build;
    double firstRun;
    int nonFinite;
    try (MetaStepHarness h = new MetaStepHarness(problem, config, settings.seed())) {
      build = h.buildSeconds();
      operations = h.operationCount();
      UnrollGraph.WindowInput first = h.nextInput();
      long t0 = System.nanoTime();
      h.step(first);
      firstRun = (System.nanoTime() - t0) / 1e9;
      for (int w = 0; w < settings.warmupWindows(); w++) {
        h.step(h.nextInput());
      }
      for (int w = 0; w < n; w++) {
        long s0 = System.nanoTime();
        UnrollGraph.WindowInput in = h.nextInput();
        long c1 = ProcessCpu.nanos();
        long s1 = System.nanoTime();
        h.step(in);
        window[w] = (System.nanoTime() - s1) / 1e9;
        long c2 = ProcessCpu.nanos();
        cpu[w] = c1 < 0 || c2 < 0 ? Double.NaN : (c2 - c1) / 1e9;
        sample[w] = (s1 - s0) / 1e9;
      }
      nonFinite = h.nonFiniteWindows();
    }
    // The graph is closed before the second burst, so both bursts see the same process state.
    AdamReference.Burst after = adam.burst();
    return new Result(config, operations, build, firstRun, Stats.median(window), Stats.min(window),
        Stats.max(window), Stats.median(sample), (before.wallMs() + after.wallMs()) / 2, Stats.median(cpu),
        (before.cpuMs() + after.cpuMs()) / 2, nonFinite, n);
  }

  @Override
  public void close() {
    adam.close();
  }
}
