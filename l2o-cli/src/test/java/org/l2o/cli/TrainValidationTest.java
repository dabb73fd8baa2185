package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One validation path for {@code train}, {@code train --initialize} and {@code resume}: every setting is checked
 * before anything is written, so a refused setting leaves the directory without config.json (or, for resume,
 * unchanged) and the corrected command runs into the same directory. No data is loaded and nothing is trained.
 */
class TrainValidationTest {
  private static CliRun train(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--directory=" + dir));
    a.addAll(List.of(extra));
    return CliRun.of(a.toArray(String[]::new));
  }

  private static void assertRefusedWithNothingWritten(CliRun run, Path dir, String... messageParts) {
    assertThat(run.status()).as(run.transcript()).isEqualTo(1);
    assertThat(run.err()).contains(messageParts);
    assertThat(dir.resolve("config.json")).doesNotExist();
    assertThat(dir.resolve("seed.txt")).doesNotExist();
    assertThat(dir.resolve("summary.csv")).doesNotExist();
  }

  @Test
  void trainRefusesEngineSettingsBeforeWritingTheConfig(@TempDir Path dir) {
    // each was refused only after config.json was written, so the corrected rerun was refused as "config differs"
    assertRefusedWithNothingWritten(train(dir, "--training/loss_reduce='reduce_min'"), dir,
        "training/loss_reduce", "reduce_min");
    assertRefusedWithNothingWritten(train(dir, "--strategy/depth={'type': 'list', 'values': [2, 0]}"), dir,
        "strategy/depth");
    assertRefusedWithNothingWritten(train(dir, "--optimizer/config/amsgrad=True"), dir,
        "optimizer/config/amsgrad", "learning_rate");
    assertRefusedWithNothingWritten(train(dir, "--training/gradient_clipping/config/clipnorm=1.0"), dir,
        "training/gradient_clipping/config/clipnorm", "clip_ratio");
    assertRefusedWithNothingWritten(train(dir, "--problems/0/kwargs/dataset='svhn'"), dir, "problems/0", "svhn");
    assertRefusedWithNothingWritten(train(dir, "--max-periods=-1"), dir, "--max-periods");
    assertRefusedWithNothingWritten(CliRun.of("train", "--strategy=simple", "--policy=adam", "--directory=" + dir),
        dir, "policy_constructor");

    CliRun corrected = train(dir, "--training/loss_reduce='reduce_mean'", "--initialize");
    assertThat(corrected.status()).as(corrected.transcript()).isZero();
    assertThat(dir.resolve("config.json")).isRegularFile();
  }

  @Test
  void initializeRunsTheSameChecksAsTrain(@TempDir Path dir) {
    assertRefusedWithNothingWritten(train(dir, "--initialize", "--training/step_callbacks/*='TeacherLossCallback'"),
        dir, "training/step_callbacks", "TeacherLossCallback");
    assertRefusedWithNothingWritten(train(dir, "--initialize", "--training/teachers/*={'class_name': '__load__', "
        + "'config': {}}"), dir, "training/teachers/0", "__load__");
    assertRefusedWithNothingWritten(train(dir, "--initialize", "--optimizer/config/amsgrad=True"), dir,
        "optimizer/config/amsgrad");
    assertRefusedWithNothingWritten(train(dir, "--initialize", "--strategy/validation_problems=[]"), dir,
        "strategy/validation_problems");

    CliRun corrected = train(dir, "--initialize");
    assertThat(corrected.status()).as(corrected.transcript()).isZero();
    assertThat(dir.resolve("config.json")).isRegularFile();
    // without --seed the first real run draws the seed
    assertThat(dir.resolve("seed.txt")).doesNotExist();
  }

  @Test
  void resumeChecksTheSavedConfigBeforeTouchingTheDirectory(@TempDir Path dir) throws Exception {
    assertThat(train(dir, "--initialize", "--seed=5").status()).isZero();
    Path config = dir.resolve("config.json");
    String good = Files.readString(config);
    Files.writeString(config, good.replace("\"beta_1\": 0.9,", "\"beta_1\": 0.9, \"amsgrad\": true,"));
    CliRun refused = CliRun.of("resume", dir.toString());
    assertThat(refused.status()).as(refused.transcript()).isEqualTo(1);
    assertThat(refused.err()).contains("optimizer/config/amsgrad");
    assertThat(dir.resolve("summary.csv")).doesNotExist();
    assertThat(dir.resolve("checkpoint")).doesNotExist();
    assertThat(Files.readString(dir.resolve("seed.txt"))).isEqualTo("5\n");
  }

  @Test
  void theRunSeedIsKeptAndADifferentOneRefused(@TempDir Path dir) throws Exception {
    CliRun init = train(dir, "--initialize", "--seed=5");
    assertThat(init.status()).as(init.transcript()).isZero();
    assertThat(Files.readString(dir.resolve("seed.txt"))).isEqualTo("5\n");

    CliRun again = train(dir, "--initialize", "--seed=6");
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("--seed=6").contains("run seed 5").contains("seed.txt");
    CliRun resumed = CliRun.of("resume", dir.toString(), "--seed=6");
    assertThat(resumed.status()).isEqualTo(1);
    assertThat(resumed.err()).contains("--seed=6").contains("run seed 5");
    assertThat(dir.resolve("summary.csv")).doesNotExist();
    assertThat(Files.readString(dir.resolve("seed.txt"))).isEqualTo("5\n");
    assertThat(train(dir, "--initialize", "--seed=5").status()).isZero();
  }

  @Test
  void countsPastTheirLimitsAreRefusedNamingTheLimit(@TempDir Path dir) {
    String max = Integer.toString(Integer.MAX_VALUE);
    // the period's per-meta-step records overflowed (error: -10) or filled the heap
    assertRefusedWithNothingWritten(train(dir, "--strategy/epochs=" + max), dir,
        "depth * epochs = 25 * 2147483647 = 53687091175 meta-steps exceeds the limit of 1000000 per period");
    assertRefusedWithNothingWritten(train(dir, "--strategy/depth={'type': 'list', 'values': [25, " + max + "]}"),
        dir, "at index 1", "exceeds the limit of 1000000 per period");
    assertRefusedWithNothingWritten(train(dir, "--strategy/unroll_len=" + max), dir,
        "unroll_len 2147483647 exceeds the limit of 100000 steps per window");
    assertRefusedWithNothingWritten(train(dir, "--strategy/num_periods=" + max), dir,
        "strategy/num_periods must be at most 100000, got 2147483647");
    assertRefusedWithNothingWritten(train(dir, "--strategy/validation_epochs=" + max), dir,
        "strategy/validation_unroll, validation_depth, validation_epochs", "exceeds the limit of 1000000");
    assertRefusedWithNothingWritten(train(dir, "--initialize", "--strategy/warmup=" + max), dir,
        "warmup 2147483647 exceeds the limit of 1000000 windows");
    // a value past the int range never reaches a count
    assertRefusedWithNothingWritten(train(dir, "--strategy/epochs=2147483648"), dir, "strategy/epochs");
  }

  @Test
  void initializeRefusesTeachersThatAreNotTeachers(@TempDir Path dir) {
    // accepted by --initialize, then resume failed with a Jackson message
    assertRefusedWithNothingWritten(train(dir, "--initialize", "--training/teachers/*=5"), dir,
        "training/teachers/0");
  }

  @Test
  void evaluateSaysWhatADirectoryLacks(@TempDir Path tmp) {
    Path dir = tmp.resolve("initialized");
    assertThat(train(dir, "--initialize").status()).isZero();
    CliRun untrained = CliRun.of("evaluate", "--directory=" + dir, "--repeat=1", "--epochs=1");
    assertThat(untrained.status()).as(untrained.transcript()).isEqualTo(1);
    assertThat(untrained.err()).contains(dir + " has no summary.csv: no period of it has finished yet");

    Path empty = tmp.resolve("empty");
    CliRun neither = CliRun.of("evaluate", "--directory=" + empty, "--repeat=1");
    assertThat(neither.status()).as(neither.transcript()).isEqualTo(1);
    assertThat(neither.err()).contains(empty + " does not exist, so it is neither an experiment directory (no "
        + "config.json) nor a package (no weights.index)");

    CliRun epochs = CliRun.of("evaluate", "--directory=" + dir, "--epochs=" + Integer.MAX_VALUE);
    assertThat(epochs.status()).as(epochs.transcript()).isEqualTo(1);
    assertThat(epochs.err()).contains("--epochs must be between 1 and 10000, got 2147483647");
    CliRun baseline = CliRun.of("baseline", "--directory=" + tmp, "--repeat=0");
    assertThat(baseline.status()).as(baseline.transcript()).isEqualTo(1);
    assertThat(baseline.err()).contains("--repeat must be between 1 and 10000, got 0");
    assertThat(tmp.resolve("baseline")).doesNotExist();
  }
}
