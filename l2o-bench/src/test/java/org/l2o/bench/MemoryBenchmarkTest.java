package org.l2o.bench;



import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One tiny configuration in a real child JVM: the child reports, and its phases' memory is consistent. */
class MemoryBenchmarkTest {

  @Test
  void childJvmReportsItsPeakResidentMemory() {
    MemoryBenchmark bench = new MemoryBenchmark(new MemoryBenchmark.Settings("conv_train", BenchData.SYNTHETIC,
        "512m", 1, 3, Duration.ofMinutes(5)));
    MetaStepConfig config = MetaStepConfig.train(2, 0, true);
    assertThat(bench.command(config)).contains("-Xmx512m", MemoryProbe.class.getName(), "second", "synthetic");

    MemoryBenchmark.Result r = bench.measure(config);
    assertThat(r.error()).isNull();
    assertThat(r.exitCode()).isZero();
    assertThat(r.operations()).isPositive();
    assertThat(r.rssAfterDataBytes()).isPositive();
    assertThat(r.peakRssBytes()).isGreaterThanOrEqualTo(r.rssAfterFirstRunBytes())
        .isGreaterThanOrEqualTo(r.rssAfterBuildBytes()).isGreaterThanOrEqualTo(r.rssEndBytes());
    assertThat(r.heapCommittedBytes()).isPositive().isLessThanOrEqualTo(512L << 20);
    assertThat(r.buildSeconds()).isFinite().isPositive();
    assertThat(r.firstRunSeconds()).isFinite().isPositive();
    assertThat(r.secondsPerWindow()).isFinite().isPositive();
  }

  @Test
  void failedChildReportsItsErrorAndMemorySoFar() {
    MemoryBenchmark bench = new MemoryBenchmark(new MemoryBenchmark.Settings("conv_train", BenchData.SYNTHETIC,
        "512m", 0, 3, Duration.ofMinutes(5)));
    // 101 batches of 128 are more than the synthetic split holds: the child fails before building the graph.
    int unroll = BenchData.SYNTHETIC_EXAMPLES / 128 + 1;
    MemoryBenchmark.Result r = bench.measure(MetaStepConfig.train(unroll, 0, false));
    assertThat(r.ok()).isFalse();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.error()).contains("IllegalArgumentException", "is larger than");
    assertThat(r.peakRssBytes()).isPositive();
    assertThat(r.operations()).isEqualTo(-1);
  }

  @Test
  void badHeapSizeIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MemoryBenchmark.Settings("conv_train",
        BenchData.REAL, "lots", 1, 3, Duration.ofMinutes(1))).hasMessageContaining("heap size");
  }
}
