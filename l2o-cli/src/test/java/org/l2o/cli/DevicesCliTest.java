package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;

/**
 * {@code --gpus}, {@code --cpu} and {@code --workers} through the real CLI on this CPU-only build: a named GPU
 * that is not there is refused before anything is written, naming the devices there are, on every command that
 * takes the options; two CPU workers meta-train a tiny period end to end.
 */
class DevicesCliTest {

  private static List<String> tinyTrain(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--policy=rnnprop",
        "--presets=conv_train,adam,rmsprop", "--directory=" + dir, "--seed=1", "--strategy/num_periods=1",
        "--strategy/unroll_len=5", "--strategy/depth=1", "--strategy/epochs=1", "--strategy/warmup=0",
        "--strategy/validation_unroll=5", "--strategy/validation_depth=1", "--strategy/validation_epochs=1",
        "--strategy/validation_warmup=0"));
    a.addAll(List.of(extra));
    return a;
  }

  private static void assertRefused(CliRun run, String... parts) {
    assertThat(run.status()).as(run.transcript()).isEqualTo(1);
    assertThat(run.err()).contains(parts);
  }

  @Test
  void missingDevicesAndBadCombinationsAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
    Path exp = dir.resolve("exp");
    assertRefused(CliRun.of(tinyTrain(exp, "--gpus=1").toArray(String[]::new)),
        "--gpus=1: no such GPU", "devices: /device:CPU:0", "--cpu");
    assertThat(exp).doesNotExist();
    assertRefused(CliRun.of(tinyTrain(exp, "--cpu", "--gpus=0").toArray(String[]::new)),
        "--cpu and --gpus=0 exclude each other");
    assertRefused(CliRun.of(tinyTrain(exp, "--workers=0").toArray(String[]::new)), "--workers", "got 0");
    assertRefused(CliRun.of(tinyTrain(exp, "--gpus=1,1").toArray(String[]::new)), "--gpus", "once");
    assertThat(exp).doesNotExist();

    assertThat(CliRun.of(tinyTrain(exp, "--initialize").toArray(String[]::new)).status()).isZero();
    assertRefused(CliRun.of("resume", exp.toString(), "--gpus=0"), "--gpus=0: no such GPU");
    assertRefused(CliRun.of("evaluate", "--directory=" + exp, "--repeat=1", "--gpus=2"), "--gpus=2: no such GPU");
    assertRefused(CliRun.of("baseline", "--directory=" + dir, "--repeat=1", "--gpus=0"), "--gpus=0: no such GPU");
    assertRefused(CliRun.of("gridsearch", "--directory=" + dir, "--repeat=1", "--gpus=0"), "--gpus=0: no such GPU");
    assertThat(exp.resolve("summary.csv")).doesNotExist();
    assertThat(dir.resolve("baseline")).doesNotExist();
    assertThat(dir.resolve("gridsearch")).doesNotExist();
  }

  @Test
  void twoCpuWorkersTrainATinyPeriodWithBothInstances(@TempDir Path dir) throws Exception {
    CliRun one = CliRun.of(tinyTrain(dir.resolve("one"), "--cpu").toArray(String[]::new));
    assertThat(one.status()).as(one.transcript()).isZero();
    assertThat(one.err()).doesNotContain("workers, on");
    CliRun two = CliRun.of(tinyTrain(dir.resolve("two"), "--cpu", "--workers=2").toArray(String[]::new));
    assertThat(two.status()).as(two.transcript()).isZero();
    assertThat(two.err()).contains("2 workers, on the CPU").contains("the schedule is complete");

    SummaryTable a = SummaryCsv.read(dir.resolve("one/summary.csv"));
    SummaryTable b = SummaryCsv.read(dir.resolve("two/summary.csv"));
    assertThat(b.size()).isEqualTo(1);
    double metaOne = a.column("meta_loss")[0];
    double metaTwo = b.column("meta_loss")[0];
    assertThat(metaTwo).isFinite();
    assertThat(b.column("validation")[0]).isFinite();
    // worker 0 draws the one-worker run's instance; the mean with worker 1's own instance moves the loss
    assertThat(Math.abs(metaTwo - metaOne)).isGreaterThan(1e-4);
    assertThat(b.column("skipped_updates")[0]).isZero();

    // The count is part of the run: saved by the first run, kept by a resume, another one refused.
    assertThat(java.nio.file.Files.readString(dir.resolve("two/workers.txt"))).isEqualTo("2\n");
    CliRun kept = CliRun.of("resume", dir.resolve("two").toString(), "--cpu");
    assertThat(kept.status()).as(kept.transcript()).isZero();
    assertThat(kept.err()).contains("2 workers, on the CPU");
    assertRefused(CliRun.of("resume", dir.resolve("two").toString(), "--cpu", "--workers=1"),
        "--workers=1 differs from the 2 worker(s) saved in " + dir.resolve("two/workers.txt"));
    // a run trained before the count was saved had one worker
    java.nio.file.Files.delete(dir.resolve("one/workers.txt"));
    assertRefused(CliRun.of("resume", dir.resolve("one").toString(), "--cpu", "--workers=2"),
        "--workers=2 differs from the 1 worker(s) of the run in " + dir.resolve("one"));
  }
}
