package org.l2o.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.problems.ImageClassifier;
import org.l2o.core.train.UnrollGraph;

/**
 * Seconds per inner step of meta-training, as ratios to one plain Adam training step timed in the same
 * process. For every configuration it builds the unroll graph ({@link MetaStepHarness}) and times the build
 * and the first run (TensorFlow optimises the whole graph then); after untimed warm-up windows it times a
 * number of windows. Adam bursts ({@link AdamReference}) are timed between the rounds of windows.
 *
 * <p>Sequential (the default): one configuration after another, each graph closed before the next is built,
 * with an Adam burst before each of its rounds and after the last, so the reference follows the load of the
 * machine while that configuration runs. Interleaved: the configurations of one unroll length are built side
 * by side and timed in rounds, one window of each per round (in a rotating order), with an Adam burst before
 * every round and after the last; other load then affects all of them alike, at the price of holding all
 * their graphs at once (about 13.5 GB at unroll 100 for the six default configurations) and of the
 * allocator serving graphs of different shapes in turn.
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
   * @param interleave    time the configurations of one unroll length in interleaved rounds (see the class
   *                      comment); false: one configuration after another
   * @param perturbation  perturbation of the student's weights in TRAIN windows (its attack steps are timed as
   *                      part of the window); {@link Perturbation#NONE} for plain meta-training
   */
  public record Settings(int warmupWindows, int timedWindows, int adamWarmup, int adamSteps, int adamRounds,
      long seed, boolean interleave, Perturbation perturbation) {
    /** Settings without a perturbation of the student's weights. */
    public Settings(int warmupWindows, int timedWindows, int adamWarmup, int adamSteps, int adamRounds, long seed,
        boolean interleave) {
      this(warmupWindows, timedWindows, adamWarmup, adamSteps, adamRounds, seed, interleave, Perturbation.NONE);
    }

    /** Checks the counts. */
    public Settings {
      Objects.requireNonNull(perturbation, "perturbation");
      if (warmupWindows < 0 || timedWindows < 1 || adamWarmup < 0 || adamSteps < 1 || adamRounds < 1) {
        throw new IllegalArgumentException("timed windows, Adam steps and rounds must be positive and warm-up"
            + " counts >= 0: " + this);
      }
    }

    /**
     * 2 warm-up and 5 timed windows; Adam: 30 warm-up steps, bursts of 3 rounds of 30 steps; seed 1234;
     * sequential.
     */
    public static Settings defaults() {
      return new Settings(2, 5, 30, 30, 3, 1234, false);
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
   * @param adamMsPerStep        the Adam reference: median of the bursts timed between this configuration's
   *                             rounds
   * @param cpuSecondsPerWindow  median process CPU seconds of a timed window (all threads; NaN if unknown)
   * @param adamCpuMsPerStep     median process CPU milliseconds of an Adam step over the same bursts
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

  private final ImageClassifier problem;
  private final Settings settings;
  private final AdamReference adam;

  /**
   * Loads the problem's training split and builds the Adam reference.
   *
   * @param problem  the optimizee (conv_train in the issue)
   * @param settings how much to run
   */
  public MetaStepBenchmark(ImageClassifier problem, Settings settings) {
    this.problem = problem;
    this.settings = settings;
    this.adam = new AdamReference(problem, settings.adamWarmup(), settings.adamSteps(), settings.adamRounds(),
        settings.seed());
  }

  /** The Adam reference (all bursts timed so far). */
  public AdamReference adam() {
    return adam;
  }

  /**
   * Measures every configuration, reporting each result to {@code progress} as its group is done; results
   * come in the order of {@code configs}. Interleaved, the groups are the unroll lengths in order of first
   * appearance.
   */
  public List<Result> run(List<MetaStepConfig> configs, Consumer<Result> progress) {
    Map<Integer, List<MetaStepConfig>> groups = new LinkedHashMap<>();
    for (MetaStepConfig c : configs) {
      groups.computeIfAbsent(settings.interleave() ? c.unroll() : groups.size(), k -> new ArrayList<>()).add(c);
    }
    Map<MetaStepConfig, Result> done = new LinkedHashMap<>();
    for (List<MetaStepConfig> group : groups.values()) {
      for (Result r : measureGroup(group)) {
        progress.accept(r);
        done.put(r.config(), r);
      }
    }
    List<Result> out = new ArrayList<>();
    configs.forEach(c -> out.add(done.get(c)));
    return out;
  }

  /** Measures one configuration alone. */
  public Result measure(MetaStepConfig config) {
    return measureGroup(List.of(config)).get(0);
  }

  /** Builds the group's graphs side by side and times them in interleaved rounds (see the class comment). */
  private List<Result> measureGroup(List<MetaStepConfig> group) {
    if (new HashSet<>(group).size() != group.size()) {
      throw new IllegalArgumentException("configuration listed twice: " + group);
    }
    int g = group.size();
    int n = settings.timedWindows();
    double[] build = new double[g];
    double[] firstRun = new double[g];
    long[] operations = new long[g];
    double[][] window = new double[g][n];
    double[][] cpu = new double[g][n];
    double[][] sample = new double[g][n];
    List<AdamReference.Burst> bursts = new ArrayList<>();
    List<MetaStepHarness> harnesses = new ArrayList<>();
    int[] nonFinite = new int[g];
    try {
      for (int i = 0; i < g; i++) {
        MetaStepHarness h = new MetaStepHarness(problem, group.get(i), settings.seed(), settings.perturbation());
        harnesses.add(h);
        build[i] = h.buildSeconds();
        operations[i] = h.operationCount();
        MetaStepHarness.Input first = h.nextInput();
        long t0 = System.nanoTime();
        h.step(first);
        firstRun[i] = (System.nanoTime() - t0) / 1e9;
      }
      for (int w = 0; w < settings.warmupWindows(); w++) {
        harnesses.forEach(h -> h.step(h.nextInput()));
      }
      for (int r = 0; r < n; r++) {
        bursts.add(adam.burst());
        for (int j = 0; j < g; j++) {
          int i = (r + j) % g; // rotate so that no configuration always follows the Adam burst
          MetaStepHarness h = harnesses.get(i);
          long s0 = System.nanoTime();
          MetaStepHarness.Input in = h.nextInput();
          long c1 = ProcessCpu.nanos();
          long s1 = System.nanoTime();
          h.step(in);
          window[i][r] = (System.nanoTime() - s1) / 1e9;
          long c2 = ProcessCpu.nanos();
          cpu[i][r] = c1 < 0 || c2 < 0 ? Double.NaN : (c2 - c1) / 1e9;
          sample[i][r] = (s1 - s0) / 1e9;
        }
      }
      for (int i = 0; i < g; i++) {
        nonFinite[i] = harnesses.get(i).nonFiniteWindows();
      }
    } finally {
      harnesses.forEach(MetaStepHarness::close);
    }
    // After closing the graphs, so that the last burst sees the process as the first one did.
    bursts.add(adam.burst());
    double adamWall = Stats.median(bursts.stream().mapToDouble(AdamReference.Burst::wallMs).toArray());
    double adamCpu = Stats.median(bursts.stream().mapToDouble(AdamReference.Burst::cpuMs).toArray());
    List<Result> out = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      out.add(new Result(group.get(i), operations[i], build[i], firstRun[i], Stats.median(window[i]),
          Stats.min(window[i]), Stats.max(window[i]), Stats.median(sample[i]), adamWall, Stats.median(cpu[i]),
          adamCpu, nonFinite[i], n));
    }
    return out;
  }

  @Override
  public void close() {
    adam.close();
  }
}
