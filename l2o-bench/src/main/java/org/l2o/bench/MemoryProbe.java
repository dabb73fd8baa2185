package org.l2o.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.problems.ImageClassifier;
import org.l2o.core.train.UnrollGraph;

/**
 * Main class of the child JVM that {@link MemoryBenchmark} starts for one configuration: loads the data,
 * builds the unroll graph, runs the first window and a few more, reading this process's resident memory
 * after each phase, and prints one line {@value #MARKER} followed by a JSON object to standard output. If a
 * phase fails, the object holds the figures so far, the resident memory at the failure and an {@code error}
 * field, and the exit status is 1.
 *
 * <p>Arguments: {@code PROBLEM UNROLL TEACHERS ORDER WINDOWS DATA SEED SEGMENT} with ORDER {@code first},
 * {@code second} or {@code forward}, DATA {@code real} or {@code synthetic} and SEGMENT the segment length of
 * TRAIN windows (0: whole windows).
 */
public final class MemoryProbe {

  /** Prefix of the result line on standard output. */
  public static final String MARKER = "l2o-memory-probe ";

  private MemoryProbe() {}

  /** Runs the probe; exits with status 2 on bad arguments, 1 on failure. */
  public static void main(String[] args) {
    if (args.length != 8) {
      System.err.println("usage: MemoryProbe PROBLEM UNROLL TEACHERS first|second|forward WINDOWS real|synthetic SEED"
          + " SEGMENT");
      System.exit(2);
    }
    MetaStepConfig config;
    BenchData data;
    int windows;
    long seed;
    try {
      config = config(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3])
          .withSegmentLength(Integer.parseInt(args[7]));
      data = BenchData.valueOf(args[5].toUpperCase(java.util.Locale.ROOT));
      windows = Integer.parseInt(args[4]);
      seed = Long.parseLong(args[6]);
    } catch (IllegalArgumentException e) {
      System.err.println("MemoryProbe: bad arguments: " + e.getMessage());
      System.exit(2);
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    int status = 0;
    try {
      probe(data.problem(args[0]), config, windows, seed, out);
    } catch (Exception | OutOfMemoryError e) {
      // Report how far it got and the memory at the failure, then fail.
      e.printStackTrace();
      ProcStatus now = ProcStatus.read();
      out.put("peak_rss", now.peakBytes());
      out.put("rss_end", now.rssBytes());
      out.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      status = 1;
    }
    try {
      System.out.println(MARKER + new ObjectMapper().writeValueAsString(out));
      System.out.flush();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** The configuration named by the probe's arguments. */
  static MetaStepConfig config(int unroll, int teachers, String order) {
    return switch (order) {
      case "first" -> MetaStepConfig.train(unroll, teachers, false);
      case "second" -> MetaStepConfig.train(unroll, teachers, true);
      case "forward" -> MetaStepConfig.forward(unroll, teachers);
      default -> throw new IllegalArgumentException("order must be first, second or forward, got '" + order + "'");
    };
  }

  /** The probe's argument for the order of {@code config}. */
  static String order(MetaStepConfig config) {
    return !config.isTrain() ? "forward" : config.secondOrder() ? "second" : "first";
  }

  /** Runs the phases in this process, putting the figures by name (bytes and seconds) into {@code out}. */
  static void probe(ImageClassifier problem, MetaStepConfig config, int windows, long seed, Map<String, Object> out) {
    out.put("rss_start", ProcStatus.read().rssBytes());
    problem.trainData();
    out.put("rss_after_data", ProcStatus.read().rssBytes());
    long heapCommitted = Runtime.getRuntime().totalMemory();
    try (MetaStepHarness h = new MetaStepHarness(problem, config, seed)) {
      out.put("rss_after_build", ProcStatus.read().rssBytes());
      out.put("operations", h.operationCount());
      out.put("build_seconds", h.buildSeconds());
      MetaStepHarness.Input first = h.nextInput();
      long t0 = System.nanoTime();
      h.step(first);
      out.put("first_run_seconds", (System.nanoTime() - t0) / 1e9);
      out.put("rss_after_first_run", ProcStatus.read().rssBytes());
      heapCommitted = Math.max(heapCommitted, Runtime.getRuntime().totalMemory());
      double[] seconds = new double[windows];
      for (int w = 0; w < windows; w++) {
        MetaStepHarness.Input in = h.nextInput();
        long s0 = System.nanoTime();
        h.step(in);
        seconds[w] = (System.nanoTime() - s0) / 1e9;
        heapCommitted = Math.max(heapCommitted, Runtime.getRuntime().totalMemory());
      }
      out.put("seconds_per_window", Stats.median(seconds));
      ProcStatus end = ProcStatus.read();
      out.put("rss_end", end.rssBytes());
      out.put("peak_rss", end.peakBytes());
      out.put("heap_committed", heapCommitted);
      out.put("heap_max", Runtime.getRuntime().maxMemory());
      out.put("non_finite_windows", h.nonFiniteWindows());
    }
  }
}
