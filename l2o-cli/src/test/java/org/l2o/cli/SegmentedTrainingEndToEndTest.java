package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;

/**
 * {@code l2o train} with windows run in segments ({@code --training/segment_length=2} on windows of 5 steps: segments
 * of 2, 2 and 1) gives the losses of the same run with whole windows, up to float rounding of the meta-gradient
 * (real RNNProp on MNIST with the Adam teacher, the smallest settings), and records the key in config.json.
 */
class SegmentedTrainingEndToEndTest {
  /** Relative tolerance: the segments sum the meta-gradient in another order, and two meta-steps follow it. */
  private static final double TOLERANCE = 1e-3;

  private static String[] train(Path dir, int segmentLength) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--policy=rnnprop", "--presets=adam",
        "--directory=" + dir, "--seed=3", "--strategy/num_periods=1", "--strategy/unroll_len=5",
        "--strategy/depth=2", "--strategy/epochs=1", "--strategy/warmup=0", "--strategy/annealing_schedule=0.5",
        "--strategy/validation_unroll=5", "--strategy/validation_depth=1", "--strategy/validation_epochs=1",
        "--training/segment_length=" + segmentLength));
    return a.toArray(String[]::new);
  }

  @Test
  void segmentedWindowsTrainAsWholeWindows(@TempDir Path tmp) throws Exception {
    CliRun whole = CliRun.of(train(tmp.resolve("whole"), 0));
    assertThat(whole.status()).as(whole.transcript()).isZero();
    CliRun segmented = CliRun.of(train(tmp.resolve("segmented"), 2));
    assertThat(segmented.status()).as(segmented.transcript()).isZero();
    assertThat(java.nio.file.Files.readString(tmp.resolve("segmented/config.json")))
        .contains("\"segment_length\": 2");

    SummaryTable a = SummaryCsv.read(tmp.resolve("whole/summary.csv"));
    SummaryTable b = SummaryCsv.read(tmp.resolve("segmented/summary.csv"));
    for (String column : List.of("meta_loss", "imitation_loss", "validation")) {
      double x = a.column(column)[0];
      double y = b.column(column)[0];
      assertThat(x).as(column).isFinite();
      assertThat(y).as(column).isCloseTo(x, Offset.offset(TOLERANCE * Math.max(1, Math.abs(x))));
    }
  }
}
