package org.l2o.bench;

import org.l2o.eval.harness.TrainingGraph;

import java.io.PrintStream;
import java.util.List;

/** Prints a {@link MetaBenchReport} as plain-text tables: timing, where the time goes, memory, goals. */
public final class MetaBenchTables {
  private MetaBenchTables() {}

  /** Prints the whole report to {@code out}. */
  public static void print(MetaBenchReport report, PrintStream out) {
    MetaBenchReport.Environment env = report.environment();
    out.printf("Meta-training step benchmark: %s (N = %d parameters, batch %d), RNNProp student"
        + " (default initializers), teachers Adam and RMSProp (lr 0.005, eps 1e-10), %s data%n",
        report.problem(), report.parameters(), report.batchSize(),
        env.data() == BenchData.REAL ? "real" : "SYNTHETIC");
    out.printf("Conditions: %d processors, TF threads intra=%s inter=%s, TF_ENABLE_ONEDNN_OPTS=%s, -Xmx %.1f GB,"
        + " load average %.2f at start, %.2f at end%n", env.processors(), orDefault(env.intraThreads()),
        orDefault(env.interThreads()), env.onednnOpts() == null ? "unset (TensorFlow default: on)" : env.onednnOpts(),
        env.maxHeapBytes() / 1e9, env.loadStart(), env.loadEnd());
    if (!report.timing().isEmpty()) {
      printTiming(report, out);
      List<String> lines = TimeBreakdown.lines(report.timing(), report.adamMedianMs());
      if (!lines.isEmpty()) {
        out.println();
        out.println("Where the time goes (differences of the 'x Adam' column above: each configuration in Adam"
            + " steps timed alongside it, so that changes of other load cancel; ms at the run's median Adam step):");
        lines.forEach(l -> out.println("  " + l));
      }
    }
    if (!report.memory().isEmpty()) {
      printMemory(report.memory(), out);
    }
    out.println();
    out.println("Goals (issue; 2-core CPU machine):");
    for (MetaBenchGoals.Goal g : MetaBenchGoals.check(report)) {
      out.printf("  %-13s %-55s %s%n", "[" + g.status().name().replace('_', ' ') + "]", g.goal(), g.measured());
    }
  }

  private static String orDefault(String v) {
    return v == null ? "default" : v;
  }

  private static void printTiming(MetaBenchReport report, PrintStream out) {
    List<AdamReference.Burst> bursts = report.adamBursts();
    out.printf("%nReference: plain Adam step (baseline '%s', TrainingGraph), %.3f ms median over %d bursts"
        + " (%.3f..%.3f ms); each row's ratio uses the median of the bursts timed between its rounds of"
        + " windows.%n",
        AdamReference.BASELINE, report.adamMedianMs(), bursts.size(),
        bursts.stream().mapToDouble(AdamReference.Burst::wallMs).min().orElse(Double.NaN),
        bursts.stream().mapToDouble(AdamReference.Burst::wallMs).max().orElse(Double.NaN));
    out.printf("%-30s %8s %8s %9s %10s %8s %8s %9s %8s %7s %8s %7s %5s%n", "configuration", "ops", "build s",
        "1st run s", "s/window", "min", "max", "ms/step", "Adam ms", "x Adam", "CPU ms", "CPU x", "NaN");
    for (MetaStepBenchmark.Result r : report.timing()) {
      out.printf("%-30s %8d %8.2f %9.2f %10.4f %8.4f %8.4f %9.2f %8.3f %6.2fx %8.2f %6.2fx %5s%n",
          r.config().label(), r.operations(), r.buildSeconds(), r.firstRunSeconds(), r.secondsPerWindow(),
          r.minSecondsPerWindow(), r.maxSecondsPerWindow(), r.msPerInnerStep(), r.adamMsPerStep(), r.ratioToAdam(),
          r.cpuMsPerInnerStep(), r.cpuRatioToAdam(), r.nonFiniteWindows() + "/" + r.windows());
    }
    if (report.timingPeakRssBytes() > 0) {
      out.printf("Peak resident memory of this timing process (all its graphs, this JVM's heap included): %.2f GB%n",
          report.timingPeakRssBytes() / 1e9);
    }
    out.println("(s/window: median wall time of the timed windows: graph run with feeds and fetches plus the"
        + " host-side clipping and outer Adam. CPU ms: process CPU time per inner step, all threads; CPU x: the"
        + " same ratio in CPU time. NaN: timed windows with a non-finite meta loss or gradient)");
  }

  private static void printMemory(List<MemoryBenchmark.Result> memory, PrintStream out) {
    out.printf("%nPeak resident memory, one child JVM per configuration (VmHWM of the whole process; RSS after"
        + " each phase; heap comm.: the largest committed JVM heap, an upper bound of the heap's resident share;"
        + " GB = 1e9 bytes):%n");
    out.printf("%-30s %6s %9s %10s %10s %11s %10s %8s %8s %9s %9s%n", "configuration", "-Xmx", "peak RSS",
        "after data", "after build", "after 1st run", "heap comm.", "ops", "build s", "1st run s", "s/window");
    for (MemoryBenchmark.Result r : memory) {
      if (!r.ok()) {
        out.printf("%-30s %6s FAILED: %s%n", r.config().label(), r.xmx(), r.error());
        continue;
      }
      out.printf("%-30s %6s %9.2f %10.2f %10.2f %11.2f %10.2f %8d %8.2f %9.2f %9.3f%n", r.config().label(), r.xmx(),
          r.peakRssBytes() / 1e9, r.rssAfterDataBytes() / 1e9, r.rssAfterBuildBytes() / 1e9,
          r.rssAfterFirstRunBytes() / 1e9, r.heapCommittedBytes() / 1e9, r.operations(), r.buildSeconds(),
          r.firstRunSeconds(), r.secondsPerWindow());
    }
    for (String line : MemoryGrowth.lines(memory)) {
      out.println("  " + line);
    }
  }
}
