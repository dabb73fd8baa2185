package org.l2o.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.tensorboard.EventFiles;
import org.l2o.core.tensorboard.ScalarPoint;
import org.l2o.core.tensorboard.TensorBoardRuns;

/** The evaluation listener's runs: what a repeat writes, and what a repeat that runs again replaces. */
class TensorBoardEvaluationTest {
  @TempDir Path dir;

  private static void repeat(TensorBoardEvaluation tb, int r, float loss) {
    tb.on(new EvaluationEvents.RepeatStarted(r, 2));
    tb.on(new EvaluationEvents.BatchDone(0, 0, 2, loss));
    tb.on(new EvaluationEvents.BatchDone(0, 1, 2, loss + 1));
    tb.on(new EvaluationEvents.EpochDone(0, 1, loss, 0.5f, loss + 2, 0.25f, 1.0));
  }

  @Test
  void eachRepeatIsARunAndARepeatRunAgainReplacesItsFiles() throws IOException {
    Path folder = TensorBoardRuns.evaluation(dir, "mlp_train", "period_1");
    try (TensorBoardEvaluation tb = new TensorBoardEvaluation(folder)) {
      repeat(tb, 0, 1f);
      repeat(tb, 1, 10f);
    }
    Map<String, List<ScalarPoint>> r1 = EventFiles.scalars(folder.resolve("run_1"));
    assertThat(r1.keySet()).containsExactly("batch_loss", "loss", "sparse_categorical_accuracy", "val_loss",
        "val_sparse_categorical_accuracy");
    assertThat(r1.get("batch_loss")).extracting(ScalarPoint::step, ScalarPoint::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 10f), org.assertj.core.groups.Tuple.tuple(1L, 11f));
    assertThat(r1.get("val_loss").get(0).value()).isEqualTo(12f);
    assertThat(r1.get("val_sparse_categorical_accuracy").get(0).value()).isEqualTo(0.25f);

    // a resumed evaluation restores repeat 0 and runs repeat 1 again: run_0 stays, run_1 is replaced
    Files.writeString(folder.resolve("run_1").resolve("notes.txt"), "mine");
    try (TensorBoardEvaluation tb = new TensorBoardEvaluation(folder)) {
      tb.on(new EvaluationEvents.RepeatRestored(0, 2));
      repeat(tb, 1, 20f);
    }
    assertThat(EventFiles.files(folder.resolve("run_0"))).hasSize(1);
    assertThat(EventFiles.files(folder.resolve("run_1"))).hasSize(1);
    assertThat(EventFiles.scalars(folder.resolve("run_1")).get("loss")).extracting(ScalarPoint::value)
        .containsExactly(20f);
    assertThat(folder.resolve("run_1").resolve("notes.txt")).hasContent("mine");

    // a fresh evaluation (repeat 0 starts) replaces every run's files, also of repeats it will not run
    try (TensorBoardEvaluation tb = new TensorBoardEvaluation(folder)) {
      repeat(tb, 0, 30f);
    }
    assertThat(EventFiles.scalars(folder.resolve("run_0")).get("loss")).extracting(ScalarPoint::value)
        .containsExactly(30f);
    assertThat(EventFiles.files(folder.resolve("run_1"))).isEmpty();
  }
}
