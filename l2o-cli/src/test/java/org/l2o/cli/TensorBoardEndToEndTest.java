package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryRow;
import org.l2o.core.io.SummaryTable;
import org.l2o.core.tensorboard.EventFiles;
import org.l2o.core.tensorboard.ScalarPoint;
import org.l2o.core.tensorboard.TensorBoardRuns;

/**
 * TensorBoard event files through the real CLI on real MNIST (issue 14): a tiny simple-strategy run, trained one
 * period and resumed for the second, then evaluated for one epoch; the events read back equal summary.csv,
 * log/*.npz and eval/*.npz of the same run.
 */
class TensorBoardEndToEndTest {
  private static final int DEPTH = 3;

  private static String[] train(String command, Path dir, String... extra) {
    List<String> a = new ArrayList<>(command.equals("train")
        ? List.of("train", "--strategy=simple", "--policy=rnnprop", "--presets=conv_train,adam,rmsprop,log_teachers",
            "--directory=" + dir, "--seed=5", "--strategy/num_periods=2", "--strategy/unroll_len=4",
            "--strategy/depth=" + DEPTH, "--strategy/epochs=1", "--strategy/validation_unroll=4",
            "--strategy/validation_depth=2", "--strategy/validation_epochs=1", "--strategy/validation_warmup=1",
            "--strategy/validation_warmup_rate=0.05")
        : List.of("resume", dir.toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void trainingAndEvaluationEventsEqualTheRunsFiles(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("exp");
    CliRun first = CliRun.of(train("train", dir, "--max-periods=1"));
    assertThat(first.status()).as(first.transcript()).isZero();
    CliRun second = CliRun.of(train("resume", dir));
    assertThat(second.status()).as(second.transcript()).isZero();

    Path run = TensorBoardRuns.training(dir);
    assertThat(EventFiles.files(run)).as("one event file per process").hasSize(2);
    Map<String, List<ScalarPoint>> s = EventFiles.scalars(run);
    SummaryTable summary = SummaryCsv.read(dir.resolve("summary.csv"));
    assertThat(summary.size()).isEqualTo(2);
    for (int p = 0; p < 2; p++) {
      Map<String, NpyArray> log = Npz.read(dir.resolve("log/period_" + p + ".npz"));
      float[] meta = log.get("meta_loss").floats();
      float[] imitation = log.get("imitation_loss").floats();
      int[] counts = log.get("teacher_counts").ints(); // [1, DEPTH, 2]
      for (int i = 0; i < DEPTH; i++) {
        long step = (long) p * DEPTH + i; // the resumed process continues the step count of the first
        assertThat(at(s, "meta_loss", step)).isEqualTo(meta[i]);
        assertThat(at(s, "imitation_loss", step)).isEqualTo(imitation[i]);
        assertThat(at(s, "teacher_counts/0_adam", step)).isEqualTo((float) counts[2 * i]);
        assertThat(at(s, "teacher_counts/1_rmsprop", step)).isEqualTo((float) counts[2 * i + 1]);
      }
      SummaryRow row = summary.row(p);
      long last = (long) p * DEPTH + DEPTH - 1;
      for (String column : List.of("validation", "meta_loss", "imitation_loss", "duration", "period", "p_teacher")) {
        assertThat(at(s, "summary/" + column, last)).as(column).isEqualTo((float) row.get(column));
      }
    }
    assertThat(s.get("meta_loss")).hasSize(2 * DEPTH);
    assertThat(s).doesNotContainKey("summary/time");

    CliRun evaluate = CliRun.of("evaluate", "--problem=mlp_train", "--directory=" + dir, "--repeat=2", "--epochs=1",
        "--seed=3");
    assertThat(evaluate.status()).as(evaluate.transcript()).isZero();
    Map<String, NpyArray> npz = Npz.read(dir.resolve("eval/mlp_train/period_1.npz"));
    Path evaluation = TensorBoardRuns.evaluation(dir, "mlp_train", "period_1");
    for (int r = 0; r < 2; r++) {
      Map<String, List<ScalarPoint>> e = EventFiles.scalars(TensorBoardRuns.repeat(evaluation, r));
      for (String key : List.of("loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy")) {
        assertThat(e.get(key)).as(key).hasSize(1);
        assertThat(at(e, key, 0)).as(key).isEqualTo(npz.get(key).floats()[r]);
      }
      float[] batches = npz.get("batch_loss").floats();
      int perRun = batches.length / 2;
      assertThat(e.get("batch_loss")).hasSize(perRun);
      for (int b = 0; b < perRun; b += 97) {
        assertThat(at(e, "batch_loss", b)).isEqualTo(batches[r * perRun + b]);
      }
    }
  }

  @Test
  void noTensorboardWritesNoEvents(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("exp");
    CliRun run = CliRun.of(train("train", dir, "--max-periods=1", "--no-tensorboard"));
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(dir.resolve("summary.csv")).isRegularFile();
    assertThat(Files.exists(dir.resolve(TensorBoardRuns.FOLDER))).isFalse();
  }

  /** The value of {@code tag} at {@code step}, the only one there. */
  private static float at(Map<String, List<ScalarPoint>> scalars, String tag, long step) {
    assertThat(scalars).as("tags").containsKey(tag);
    List<ScalarPoint> points = scalars.get(tag).stream().filter(p -> p.step() == step).toList();
    assertThat(points).as(tag + " at step " + step).hasSize(1);
    return points.get(0).value();
  }
}
