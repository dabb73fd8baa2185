package org.l2o.bench;



import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.bench.MetaBenchGoals.Goal;
import org.l2o.bench.MetaBenchGoals.Status;

/** The goals checked against hand-made figures on both sides of each threshold. */
class MetaBenchGoalsTest {

  /** A result whose CPU time is 90% of its wall time for the window and equal to it for Adam. */
  private static MetaStepBenchmark.Result timed(MetaStepConfig c, double secondsPerWindow, double adamMs) {
    return new MetaStepBenchmark.Result(c, 1000, 1, 2, secondsPerWindow, secondsPerWindow, secondsPerWindow, 0.01,
        adamMs, 0.9 * secondsPerWindow, adamMs, 0, 3);
  }

  private static MemoryBenchmark.Result memory(MetaStepConfig c, long peak, String error) {
    return new MemoryBenchmark.Result(c, "2g", peak, 1, 2, 3, 4, 5, 1000, 1, 2, 3, error == null ? 0 : 137, error);
  }

  private static MetaBenchReport report(List<MetaStepBenchmark.Result> timing, List<MemoryBenchmark.Result> memory) {
    MetaBenchReport.Environment env = new MetaBenchReport.Environment(2, null, null, null, BenchData.REAL, 1L << 30,
        1, 1);
    return new MetaBenchReport("conv_train", 18122, 128, env, List.of(new AdamReference.Burst(5, 5)), timing,
        -1, memory);
  }

  @Test
  void ratioGoalsAtUnroll100AgainstTheirThresholdsPerSegmentLength() {
    // 100 steps at a 10 ms Adam step: 1.4 s per window is exactly 1.4x (met, the goal is "at most"), 2.3 s is 2.3x.
    MetaStepConfig second = MetaStepConfig.train(100, 2, true);
    List<MetaStepBenchmark.Result> timing = List.of(
        timed(MetaStepConfig.forward(100, 0), 1.4, 10),
        timed(MetaStepConfig.train(100, 0, false), 2.3, 10),
        timed(MetaStepConfig.train(20, 0, true), 0.1, 10), // another unroll: no goal
        timed(second, 5.2, 10),
        timed(second.withSegmentLength(20), 6.0, 10));
    List<Goal> goals = MetaBenchGoals.check(report(timing, List.of()));
    assertThat(goals).extracting(Goal::goal).containsExactly(
        "U=100 forward only (validation), student alone: inner step <= 1.4x Adam step",
        "U=100 student alone, 1st order: inner step <= 2.2x Adam step, whole windows",
        "U=100 student alone, 2nd order: inner step <= 3.3x Adam step",
        "U=100 student + 2 teachers, 2nd order: inner step <= 5.2x Adam step, whole windows",
        "U=100 student + 2 teachers, 2nd order: inner step <= 5.2x Adam step, segments of 20",
        "U=100 graph: first run <= 15 s, whole windows",
        "U=100 graph: first run <= 15 s, segments of 20",
        "U=100 student+2: peak RSS <= 3 GB");
    assertThat(goals).extracting(Goal::status).containsExactly(Status.MET, Status.NOT_MET, Status.NOT_MEASURED,
        Status.MET, Status.NOT_MET, Status.MET, Status.MET, Status.NOT_MEASURED);
    assertThat(goals.get(0).measured()).startsWith("1.40x");
    // CPU time is 90% of the wall time here: 2.07x, under the 2.2x limit
    assertThat(goals.get(1).measured()).startsWith("2.30x").endsWith("in CPU time 2.07x (met)");
    assertThat(TimeBreakdown.lines(timing, 10)).contains("U=100 student+2 2nd-order seg 20: recomputing the segments"
        + " adds 0.80 Adam steps (8.0 ms) per inner step, 1.15x the step of whole windows.");
  }

  @Test
  void firstRunGoalReadsTheHeaviestUnroll100Graph() {
    MetaStepBenchmark.Result slow = new MetaStepBenchmark.Result(MetaStepConfig.train(100, 2, true), 1000, 20, 45.5,
        1, 1, 1, 0.01, 10, 1, 10, 0, 3);
    MetaStepBenchmark.Result fast = new MetaStepBenchmark.Result(MetaStepConfig.train(100, 0, false), 1000, 1, 2,
        1, 1, 1, 0.01, 10, 1, 10, 0, 3);
    Goal g = MetaBenchGoals.check(report(List.of(fast, slow), List.of())).stream()
        .filter(x -> x.goal().contains("first run")).findFirst().orElseThrow();
    assertThat(g.status()).isEqualTo(Status.NOT_MET);
    assertThat(g.measured()).isEqualTo("U=100 student+2 2nd-order: 45.5 s (and 20.0 s to build it)");
  }

  @Test
  void memoryGoalPrefersSecondOrderAndJudgesAFailedChildByItsPeak() {
    MemoryBenchmark.Result firstOk = memory(MetaStepConfig.train(100, 2, false), 2_000_000_000L, null);
    MemoryBenchmark.Result secondOver = memory(MetaStepConfig.train(100, 2, true), 3_000_000_001L, null);
    MemoryBenchmark.Result secondUnder = memory(MetaStepConfig.train(100, 2, true).withSegmentLength(20),
        3_000_000_000L, null);
    MemoryBenchmark.Result killed = memory(MetaStepConfig.train(100, 2, true), -1, "child JVM killed (exit 137)");
    MemoryBenchmark.Result oom = memory(MetaStepConfig.train(100, 2, true), 8_400_000_000L,
        "failed (exit 1) with VmRSS 8.40 GB: OutOfMemoryError");

    List<Goal> both = memoryGoals(List.of(firstOk, secondOver, secondUnder));
    assertThat(both).extracting(Goal::status).containsExactly(Status.NOT_MET, Status.MET);
    assertThat(both.get(1).goal()).isEqualTo("U=100 student+2: peak RSS <= 3 GB, segments of 20");
    assertThat(memoryGoals(List.of(firstOk))).extracting(Goal::status).containsExactly(Status.MET);
    Goal k = memoryGoals(List.of(killed)).get(0);
    assertThat(k.status()).isEqualTo(Status.NOT_MEASURED);
    assertThat(k.measured()).contains("killed");
    Goal o = memoryGoals(List.of(oom)).get(0);
    assertThat(o.status()).isEqualTo(Status.NOT_MET);
    assertThat(o.measured()).contains("8.40 GB");
    assertThat(memoryGoals(List.of(memory(MetaStepConfig.train(50, 2, true), 1, null))))
        .extracting(Goal::status).containsExactly(Status.NOT_MEASURED);
  }

  @Test
  void reportRoundTripsThroughJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    MetaBenchReport report = report(
        List.of(timed(MetaStepConfig.forward(20, 2), 0.5, 5), timed(MetaStepConfig.train(20, 2, true), 1.5, 6)),
        List.of(memory(MetaStepConfig.train(100, 2, true), 9_000_000_000L, null),
            memory(MetaStepConfig.train(50, 2, true), 4_000_000_000L, "failed (exit 1): boom")));
    java.nio.file.Path file = dir.resolve("sub/report.json");
    report.writeJson(file);
    assertThat(MetaBenchReport.readJson(file)).isEqualTo(report);
  }

  private static List<Goal> memoryGoals(List<MemoryBenchmark.Result> memory) {
    return MetaBenchGoals.check(report(List.of(), memory)).stream().filter(g -> g.goal().contains("peak RSS"))
        .toList();
  }
}
