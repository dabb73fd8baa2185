package org.l2o.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.data.ImageSet;
import org.l2o.core.event.ProgressListener;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.data.Datasets;
import org.tensorflow.framework.optimizers.GradientDescent;

/**
 * An evaluation interrupted after some runs and run again continues from its record of finished runs and gives
 * exactly the runs of an uninterrupted evaluation with the same seed (real MNIST, the first 1,280 training and
 * 256 test images, two epochs of {@code mlp_train}).
 */
class PartialEvaluationTest {
  private static final int REPEATS = 4;
  private static final int EPOCHS = 2;
  private static final List<String> CLOCK_KEYS = List.of("batch_time", "epoch_time");

  private static ImageSet prefix(ImageSet full, int n) {
    byte[] pixels = new byte[n * full.exampleSize()];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = full.label(i);
      for (int j = 0; j < full.exampleSize(); j++) {
        pixels[i * full.exampleSize() + j] = (byte) full.pixel(i, j);
      }
    }
    return new ImageSet(full.name() + "[:" + n + "]", full.exampleShape(), full.numClasses(), pixels, labels);
  }

  static final ImageClassifier PROBLEM = ProblemRegistry.create("mlp_train",
      (dataset, split) -> prefix(Datasets.load(dataset, split), split.equals("train") ? 1280 : 256));

  /** Plain SGD, counting the runs it is created for and failing the run numbered {@code failAt} (0-based). */
  private static OptimizerFactory sgd(AtomicInteger created, int failAt) {
    return graph -> {
      if (created.getAndIncrement() == failAt) {
        throw new IllegalStateException("interrupted on purpose");
      }
      return new GradientDescent(graph, 0.1f);
    };
  }

  private static Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("problem", "mlp_train");
    s.put("repeat", REPEATS);
    s.put("epochs", EPOCHS);
    s.put("warmup_rate", 0.05f); // a float, as the commands' warm-up rates
    return s;
  }

  @Test
  void anInterruptedEvaluationContinuesToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
    ProgressListener quiet = event -> { };
    PartialEvaluation whole = PartialEvaluation.open(tmp.resolve("whole.npz"), settings(), 77L, false);
    RunStack expected = EvaluationRunner.run(PROBLEM, sgd(new AtomicInteger(), -1), REPEATS, EPOCHS, whole, quiet);
    // The same seed without a record gives the same runs: the record changes nothing about the randomness.
    RunStack plain = EvaluationRunner.run(PROBLEM, sgd(new AtomicInteger(), -1), REPEATS, EPOCHS, 77L, quiet);
    assertSameRuns(plain, expected);

    Path result = tmp.resolve("parts.npz");
    PartialEvaluation first = PartialEvaluation.open(result, settings(), 77L, false);
    assertThatThrownBy(() -> EvaluationRunner.run(PROBLEM, sgd(new AtomicInteger(), 2), REPEATS, EPOCHS, first,
        quiet)).hasMessageContaining("interrupted on purpose");
    assertThat(Files.exists(PartialEvaluation.directoryOf(result).resolve("run_1.npz"))).isTrue();
    assertThat(Files.exists(PartialEvaluation.directoryOf(result).resolve("run_2.npz"))).isFalse();

    // Run again without a seed: the recorded one is used, runs 0 and 1 are taken from the record.
    PartialEvaluation again = PartialEvaluation.open(result, settings(), null, false);
    assertThat(again.seed()).isEqualTo(77L);
    AtomicInteger created = new AtomicInteger();
    RunStack continued = EvaluationRunner.run(PROBLEM, sgd(created, -1), REPEATS, EPOCHS, again, quiet);
    assertThat(created.get()).isEqualTo(REPEATS - 2);
    assertSameRuns(continued, expected);

    again.finish();
    assertThat(Files.exists(PartialEvaluation.directoryOf(result))).isFalse();
  }

  @Test
  void aRecordOfOtherSettingsOrAnotherSeedIsRefusedUnlessRestarted(@TempDir Path tmp) throws Exception {
    Path result = tmp.resolve("r.npz");
    PartialEvaluation first = PartialEvaluation.open(result, settings(), null, false);
    long drawn = first.seed();
    Map<String, Object> other = settings();
    other.put("epochs", EPOCHS + 1);
    assertThatThrownBy(() -> PartialEvaluation.open(result, other, null, false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("other settings")
        .hasMessageContaining("--overwrite");
    assertThatThrownBy(() -> PartialEvaluation.open(result, settings(), drawn + 1, false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("--seed=" + drawn);
    assertThat(PartialEvaluation.open(result, settings(), drawn, false).seed()).isEqualTo(drawn);
    assertThat(PartialEvaluation.open(result, other, 5L, true).seed()).isEqualTo(5L);
  }

  @Test
  void aCorruptedRecordNamesItsFile(@TempDir Path tmp) throws Exception {
    Path result = tmp.resolve("r.npz");
    PartialEvaluation.open(result, settings(), 1L, false);
    Path file = PartialEvaluation.directoryOf(result).resolve("settings.json");
    Files.writeString(file, "{\"problem\": ");
    assertThatThrownBy(() -> PartialEvaluation.open(result, settings(), 1L, false))
        .hasMessageContaining(file.toString()).hasMessageContaining("--overwrite");
  }

  private static void assertSameRuns(RunStack actual, RunStack expected) {
    Map<String, float[][]> a = actual.arrays();
    Map<String, float[][]> e = expected.arrays();
    assertThat(a.keySet()).isEqualTo(e.keySet());
    for (String key : e.keySet()) {
      if (!CLOCK_KEYS.contains(key)) {
        assertThat(a.get(key)).as(key).isEqualTo(e.get(key));
      }
    }
  }
}
