package org.l2o.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.l2o.problems.ImageClassifier;

/**
 * Runs the meta-training benchmark end to end: the memory configurations in child JVMs, then the timed
 * configurations in this process, and collects a {@link MetaBenchReport}.
 */
public final class MetaBenchRunner {
  private MetaBenchRunner() {}

  /**
   * The configurations for every combination of the given unroll lengths and teacher counts:
   * forward-only (if asked), first order and second order (if asked), in that order per combination.
   */
  public static List<MetaStepConfig> configs(List<Integer> unrolls, List<Integer> teachers, boolean forward,
      boolean firstOrder, boolean secondOrder) {
    return configs(unrolls, teachers, forward, firstOrder, secondOrder, List.of(0));
  }

  /**
   * As the other {@code configs}, every TRAIN configuration once per segment length (0: whole windows; a length
   * not shorter than the unroll is the whole window and is listed once).
   */
  public static List<MetaStepConfig> configs(List<Integer> unrolls, List<Integer> teachers, boolean forward,
      boolean firstOrder, boolean secondOrder, List<Integer> segmentLengths) {
    java.util.Set<MetaStepConfig> out = new java.util.LinkedHashSet<>();
    for (int u : unrolls) {
      for (int k : teachers) {
        if (forward) {
          out.add(MetaStepConfig.forward(u, k));
        }
        for (int s : segmentLengths) {
          if (firstOrder) {
            out.add(MetaStepConfig.train(u, k, false).withSegmentLength(s));
          }
          if (secondOrder) {
            out.add(MetaStepConfig.train(u, k, true).withSegmentLength(s));
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * Runs the benchmark.
   *
   * @param problem        the optimizee, reading from {@code data}
   * @param data           where its images come from (recorded in the report; the children use it too)
   * @param timing         configurations to time in this process (may be empty)
   * @param timingSettings how much to time
   * @param memory         configurations to measure in child JVMs (may be empty)
   * @param memorySettings how to run the children (unused if {@code memory} is empty)
   * @param progress       receives one line per finished configuration
   */
  public static MetaBenchReport run(ImageClassifier problem, BenchData data, List<MetaStepConfig> timing,
      MetaStepBenchmark.Settings timingSettings, List<MetaStepConfig> memory, MemoryBenchmark.Settings memorySettings,
      PrintStream progress) {
    MetaBenchReport.Environment env = MetaBenchReport.Environment.capture(data);
    // Memory first: the timing process keeps what its graphs once used (the allocator does not give it back),
    // which would add to a child's peak on the machine.
    List<MemoryBenchmark.Result> measured = List.of();
    if (!memory.isEmpty()) {
      progress.printf("measuring peak memory of %d configurations, one child JVM each (-Xmx%s)...%n", memory.size(),
          memorySettings.xmx());
      measured = new MemoryBenchmark(memorySettings).run(memory, r -> progress.printf("  %-30s %s%n",
          r.config().label(), r.ok() ? String.format("peak RSS %.2f GB", r.peakRssBytes() / 1e9) : r.error()));
    }
    List<MetaStepBenchmark.Result> timed = List.of();
    List<AdamReference.Burst> bursts = List.of();
    long timingPeak = -1;
    if (!timing.isEmpty()) {
      progress.printf("timing %d configurations on %s (%d warm-up and %d timed windows each)...%n", timing.size(),
          problem.name(), timingSettings.warmupWindows(), timingSettings.timedWindows());
      try (MetaStepBenchmark bench = new MetaStepBenchmark(problem, timingSettings)) {
        timed = bench.run(timing, r -> progress.printf(
            "  %-30s build %.2f s, first run %.2f s, %.4f s/window, %.2f ms/step = %.2fx Adam (%.3f ms),"
                + " CPU %.2fx%n", r.config().label(), r.buildSeconds(), r.firstRunSeconds(), r.secondsPerWindow(),
            r.msPerInnerStep(), r.ratioToAdam(), r.adamMsPerStep(), r.cpuRatioToAdam()));
        bursts = bench.adam().bursts();
      }
      timingPeak = ProcStatus.read().peakBytes();
    }
    return new MetaBenchReport(problem.name(), problem.parameterCount(), problem.batchSize(), env.ended(), bursts,
        timed, timingPeak, measured);
  }
}
