package org.l2o.bench;



import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.problems.ImageClassifier;

/** The meta-step benchmark on conv_train (synthetic pixels) at tiny settings: it runs and reports sane figures. */
class MetaStepBenchmarkTest {

  private static final MetaStepBenchmark.Settings TINY = new MetaStepBenchmark.Settings(0, 1, 2, 2, 1, 7, true);

  @Test
  void reportsPositiveFiniteFiguresForTheStudentAlone() {
    ImageClassifier problem = BenchData.SYNTHETIC.problem("conv_train");
    MetaStepConfig train = MetaStepConfig.train(2, 0, false);
    MetaStepConfig forward = MetaStepConfig.forward(2, 0);
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    MetaBenchReport report = MetaBenchRunner.run(problem, BenchData.SYNTHETIC, List.of(forward, train), TINY,
        List.of(), null, sink);

    assertThat(report.timing()).hasSize(2);
    assertThat(report.parameters()).isEqualTo(problem.parameterCount());
    assertThat(report.timingPeakRssBytes()).isPositive();
    // Both configurations have the same unroll length: one interleaved group, a burst before its one round and
    // one after.
    assertThat(report.adamBursts()).hasSize(2);
    for (MetaStepBenchmark.Result r : report.timing()) {
      assertThat(r.windows()).isEqualTo(1);
      assertThat(r.operations()).isPositive();
      for (double x : new double[] {r.buildSeconds(), r.firstRunSeconds(), r.secondsPerWindow(),
          r.minSecondsPerWindow(), r.maxSecondsPerWindow(), r.sampleSecondsPerWindow(), r.adamMsPerStep(),
          r.msPerInnerStep(), r.ratioToAdam(), r.cpuSecondsPerWindow(), r.adamCpuMsPerStep(),
          r.cpuRatioToAdam()}) {
        assertThat(x).isFinite().isPositive();
      }
      assertThat(r.msPerInnerStep()).isEqualTo(r.secondsPerWindow() * 1000 / 2);
    }
    // The training graph holds the forward unroll plus the meta-gradient.
    assertThat(report.timing().get(1).operations()).isGreaterThan(report.timing().get(0).operations());

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    MetaBenchTables.print(report, new PrintStream(text, true, StandardCharsets.UTF_8));
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("U=2 student forward", "U=2 student 1st-order", "SYNTHETIC", "Where the time goes",
            "U=2 student alone, 1st order: the forward unroll is",
            "[NOT MEASURED] U=100 student alone, 1st order: inner step <= 2.2x Adam step",
            "[NOT MEASURED] U=100 student+2: peak RSS <= 3 GB");
  }

  @Test
  void sequentialModeTimesEachConfigurationBetweenItsOwnBursts() {
    ImageClassifier problem = BenchData.SYNTHETIC.problem("conv_train");
    MetaStepBenchmark.Settings sequential = new MetaStepBenchmark.Settings(0, 1, 0, 1, 1, 7, false);
    List<MetaStepConfig> configs = List.of(MetaStepConfig.train(2, 0, true), MetaStepConfig.forward(2, 0));
    try (MetaStepBenchmark bench = new MetaStepBenchmark(problem, sequential)) {
      List<MetaStepBenchmark.Result> results = bench.run(configs, r -> { });
      assertThat(results).extracting(MetaStepBenchmark.Result::config).containsExactlyElementsOf(configs);
      assertThat(bench.adam().bursts()).hasSize(4);
      assertThat(results.get(0).ratioToAdam()).isFinite().isPositive();
    }
  }

  @Test
  void configurationsAreValidatedAndNamed() {
    assertThat(MetaStepConfig.train(20, 2, true).label()).isEqualTo("U=20 student+2 2nd-order");
    assertThat(MetaStepConfig.forward(100, 0).label()).isEqualTo("U=100 student forward");
    assertThat(new MetaStepConfig(5, 0, true, org.l2o.core.train.UnrollGraph.Mode.VALIDATE, 0).secondOrder()).isFalse();
    assertThat(MetaStepConfig.train(100, 2, true).withSegmentLength(25).label())
        .isEqualTo("U=100 student+2 2nd-order seg 25");
    // a segment as long as the window is the whole window; forward-only graphs are never segmented
    assertThat(MetaStepConfig.train(20, 2, true).withSegmentLength(25)).isEqualTo(MetaStepConfig.train(20, 2, true));
    assertThat(MetaStepConfig.forward(100, 2).withSegmentLength(25).segmentLength()).isZero();
    assertThat(MetaBenchRunner.configs(List.of(20, 100), List.of(2), true, false, true, List.of(0, 25)))
        .extracting(MetaStepConfig::label).containsExactly("U=20 student+2 forward", "U=20 student+2 2nd-order",
            "U=100 student+2 forward", "U=100 student+2 2nd-order", "U=100 student+2 2nd-order seg 25");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetaStepConfig.train(0, 0, false))
        .hasMessageContaining("unroll length");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetaStepConfig.train(5, 3, false))
        .hasMessageContaining("teacher count");
    assertThat(MetaBenchRunner.configs(List.of(20, 100), List.of(0, 2), true, true, true)).hasSize(12)
        .startsWith(MetaStepConfig.forward(20, 0), MetaStepConfig.train(20, 0, false), MetaStepConfig.train(20, 0, true));
  }
}
