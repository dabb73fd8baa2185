package org.l2o.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The speed issue's goals for meta-training at unroll {@value #UNROLL} on the 2-core CPU machine, checked against a
 * report: each inner step as a multiple of the Adam step timed alongside it (so that other load cancels; the same
 * ratio in process CPU time is given in the measured text as a second view), the first run of the unroll graphs,
 * and the peak resident memory with two teachers. A goal is checked once per measured segment length
 * ({@code training/segment_length}) of its configuration.
 */
public final class MetaBenchGoals {

  /** The unroll length of the goals. */
  public static final int UNROLL = 100;
  /** Largest first run of an unroll-{@value #UNROLL} graph, in seconds. */
  public static final double FIRST_RUN_SECONDS = 15;
  /** Largest peak resident memory with two teachers, second order, in bytes (3·10⁹). */
  public static final long MEMORY_BYTES = 3_000_000_000L;

  /** The ratio goals: configuration (at {@value #UNROLL} steps, whole windows) and the most Adam steps per step. */
  static final List<RatioGoal> RATIOS = List.of(
      new RatioGoal("forward only (validation), student alone", MetaStepConfig.forward(UNROLL, 0), 1.4),
      new RatioGoal("student alone, 1st order", MetaStepConfig.train(UNROLL, 0, false), 2.2),
      new RatioGoal("student alone, 2nd order", MetaStepConfig.train(UNROLL, 0, true), 3.3),
      new RatioGoal("student + 2 teachers, 2nd order", MetaStepConfig.train(UNROLL, 2, true), 5.2));

  /** A goal on the inner step of a configuration, in Adam steps. */
  record RatioGoal(String what, MetaStepConfig config, double limit) {}

  /** Whether a goal was met. */
  public enum Status { MET, NOT_MET, NOT_MEASURED }

  /**
   * One checked goal.
   *
   * @param goal     what the issue asks
   * @param measured what was measured (or why nothing was)
   * @param status   met, not met, or not measured
   */
  public record Goal(String goal, String measured, Status status) {}

  private MetaBenchGoals() {}

  /** Checks every goal; goals without figures are listed as not measured. */
  public static List<Goal> check(MetaBenchReport report) {
    List<Goal> out = new ArrayList<>();
    List<MetaStepBenchmark.Result> timing = report.timing();
    for (RatioGoal g : RATIOS) {
      String goal = String.format("U=%d %s: inner step <= %.1fx Adam step", UNROLL, g.what(), g.limit());
      List<MetaStepBenchmark.Result> found = variants(timing, g.config());
      if (found.isEmpty()) {
        out.add(new Goal(goal, "not timed (" + g.config().label() + ")", Status.NOT_MEASURED));
      }
      for (MetaStepBenchmark.Result r : found) {
        double ratio = r.ratioToAdam();
        double cpu = r.cpuRatioToAdam();
        out.add(new Goal(goal + segment(r.config()), String.format("%.2fx (%.2f ms vs %.2f ms); in CPU time %.2fx (%s)",
            ratio, r.msPerInnerStep(), r.adamMsPerStep(), cpu, verdict(cpu <= g.limit())),
            ratio <= g.limit() ? Status.MET : Status.NOT_MET));
      }
    }
    out.addAll(firstRunGoals(timing));
    out.addAll(memoryGoals(report.memory()));
    return out;
  }

  /** The first run of the heaviest unroll-{@value #UNROLL} TRAIN configuration timed, per segment length. */
  private static List<Goal> firstRunGoals(List<MetaStepBenchmark.Result> timing) {
    String goal = String.format("U=%d graph: first run <= %.0f s", UNROLL, FIRST_RUN_SECONDS);
    MetaStepConfig heaviest = timing.stream().map(MetaStepBenchmark.Result::config)
        .filter(c -> c.unroll() == UNROLL && c.isTrain())
        .max(Comparator.comparingInt(MetaStepConfig::teachers).thenComparing(MetaStepConfig::secondOrder))
        .orElse(null);
    if (heaviest == null) {
      return List.of(new Goal(goal, "no unroll-" + UNROLL + " training configuration timed", Status.NOT_MEASURED));
    }
    List<Goal> out = new ArrayList<>();
    for (MetaStepBenchmark.Result r : variants(timing, heaviest.withSegmentLength(0))) {
      out.add(new Goal(goal + segment(r.config()), String.format("%s: %.1f s (and %.1f s to build it)",
          r.config().label(), r.firstRunSeconds(), r.buildSeconds()),
          r.firstRunSeconds() <= FIRST_RUN_SECONDS ? Status.MET : Status.NOT_MET));
    }
    return out;
  }

  /** Peak memory of unroll-{@value #UNROLL} runs with two teachers, second order if measured, per segment length. */
  private static List<Goal> memoryGoals(List<MemoryBenchmark.Result> memory) {
    String goal = String.format("U=%d student+2: peak RSS <= %.0f GB", UNROLL, MEMORY_BYTES / 1e9);
    boolean second = memory.stream().anyMatch(r -> matches(r.config(), true));
    List<Goal> out = new ArrayList<>();
    for (MemoryBenchmark.Result r : memory) {
      if (!matches(r.config(), second)) {
        continue;
      }
      String order = r.config().secondOrder() ? "2nd order" : "1st order";
      String name = goal + segment(r.config());
      if (!r.ok()) {
        // A child that died above the limit has shown the goal is missed; below it, nothing was shown.
        out.add(new Goal(name, order + ": " + r.error(),
            r.peakRssBytes() >= MEMORY_BYTES ? Status.NOT_MET : Status.NOT_MEASURED));
      } else {
        out.add(new Goal(name, String.format("%s: %.2f GB (child -Xmx%s)", order, r.peakRssBytes() / 1e9, r.xmx()),
            r.peakRssBytes() <= MEMORY_BYTES ? Status.MET : Status.NOT_MET));
      }
    }
    if (out.isEmpty()) {
      out.add(new Goal(goal, memory.isEmpty() ? "not measured (run with --memory)"
          : "no unroll-" + UNROLL + " configuration with two teachers among the memory runs", Status.NOT_MEASURED));
    }
    return out;
  }

  private static boolean matches(MetaStepConfig c, boolean secondOrder) {
    return c.unroll() == UNROLL && c.teachers() == 2 && c.isTrain() && c.secondOrder() == secondOrder;
  }

  private static String segment(MetaStepConfig c) {
    return c.segmentLength() > 0 ? ", segments of " + c.segmentLength() : c.isTrain() ? ", whole windows" : "";
  }

  private static String verdict(boolean met) {
    return met ? "met" : "not met";
  }

  /** The result of exactly {@code config}, if timed. */
  static Optional<MetaStepBenchmark.Result> find(List<MetaStepBenchmark.Result> timing, MetaStepConfig config) {
    return timing.stream().filter(r -> r.config().equals(config)).findFirst();
  }

  /** The results of {@code config} at every segment length timed, in report order. */
  static List<MetaStepBenchmark.Result> variants(List<MetaStepBenchmark.Result> timing, MetaStepConfig config) {
    return timing.stream().filter(r -> r.config().withSegmentLength(0).equals(config)).toList();
  }
}
