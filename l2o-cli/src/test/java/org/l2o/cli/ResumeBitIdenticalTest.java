package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;

/**
 * A run with {@code --seed} stopped by {@code --max-periods} and continued by a plain {@code l2o resume DIR} is
 * bit-identical to the same run uninterrupted: the summary's values (all but the clock columns), the checkpoint
 * files and the logs (real training on MNIST, the smallest settings).
 */
class ResumeBitIdenticalTest {
  private static final List<String> CLOCK_COLUMNS = List.of("time", "duration");

  private static String[] train(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--policy=rnnprop", "--presets=adam",
        "--directory=" + dir, "--seed=3", "--strategy/num_periods=2", "--strategy/unroll_len=2",
        "--strategy/depth=2", "--strategy/epochs=1", "--strategy/warmup=1", "--strategy/annealing_schedule=0.5",
        "--strategy/validation_unroll=2", "--strategy/validation_depth=1", "--strategy/validation_epochs=1",
        "--training/il_mode='switch'"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void aResumedRunIsBitIdenticalToTheUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path whole = tmp.resolve("whole");
    Path parts = tmp.resolve("in two parts"); // a space: the resume hint must quote it
    CliRun uninterrupted = CliRun.of(train(whole));
    assertThat(uninterrupted.status()).as(uninterrupted.transcript()).isZero();
    CliRun first = CliRun.of(train(parts, "--max-periods=1"));
    assertThat(first.status()).as(first.transcript()).isZero();
    assertThat(first.err()).contains("(continue with: l2o resume '" + parts + "')");
    CliRun resumed = CliRun.of("resume", parts.toString());
    assertThat(resumed.status()).as(resumed.transcript()).isZero();
    assertThat(resumed.err()).contains("resuming at period 1\n").doesNotContain("Optional");
    // a selection the history lacks is named as typed (was "stage OptionalInt.empty period OptionalInt[7]")
    CliRun absent = CliRun.of("evaluate", "--directory=" + parts, "--periods=7", "--repeat=1", "--epochs=1");
    assertThat(absent.status()).as(absent.transcript()).isEqualTo(1);
    assertThat(absent.err()).contains(parts + ": no completed checkpoint for period 7 in summary.csv")
        .doesNotContain("Optional");

    SummaryTable a = SummaryCsv.read(whole.resolve("summary.csv"));
    SummaryTable b = SummaryCsv.read(parts.resolve("summary.csv"));
    assertThat(b.columns()).isEqualTo(a.columns());
    assertThat(b.size()).isEqualTo(2).isEqualTo(a.size());
    for (String column : a.columns()) {
      if (!CLOCK_COLUMNS.contains(column)) {
        assertThat(b.column(column)).as(column).isEqualTo(a.column(column));
      }
    }
    for (String file : List.of("checkpoint/period_0.index", "checkpoint/period_0.data-00000-of-00001",
        "checkpoint/period_1.index", "checkpoint/period_1.data-00000-of-00001", "log/period_0.npz",
        "log/period_1.npz", "seed.txt", "config.json")) {
      assertThat(Files.readAllBytes(parts.resolve(file))).as(file).isEqualTo(Files.readAllBytes(whole.resolve(file)));
    }
  }
}
