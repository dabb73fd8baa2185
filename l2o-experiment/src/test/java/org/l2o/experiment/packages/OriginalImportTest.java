package org.l2o.experiment.packages;

import org.l2o.policies.load.PackageSettings;
import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.load.L2O;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.HostTensor;
import org.l2o.policies.optimizer.Warmup;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.tensorflow.ndarray.Shape;

/** Importing the original's released checkpoints, and rejecting what is not one. */
class OriginalImportTest {
  private static final RnnProp POLICY = new RnnProp(RnnPropConfig.defaults());

  @TempDir Path tmp;

  /** Replicate 1 of each method; the outer Adam iteration counts are those of spec §14. */
  @ParameterizedTest(name = "{0}/1")
  @CsvSource({"mean, 330", "min-max, 620", "choice-small, 1420", "choice-large, 810"})
  void importedPackageHoldsTheReleasedWeights(String method, long iterations) throws IOException {
    Path prefix = ReleasedCheckpoints.prefix(method, 1);
    LearnedOptimizer imported = OriginalImport.importCheckpoint(prefix.getParent(), tmp.resolve("pkg"));
    LearnedOptimizer loaded = L2O.load(tmp.resolve("pkg"));

    Map<String, float[]> expected = PolicyCheckpoint.readWeights(prefix, POLICY.weightSpecs());
    for (LearnedOptimizer l : List.of(imported, loaded)) {
      Map<String, float[]> got = l.weights().values();
      assertThat(got.keySet()).containsExactlyElementsOf(expected.keySet());
      expected.forEach((name, v) -> assertThat(got.get(name)).as(name).containsExactly(v));
    }
    assertThat(loaded.settings()).isEqualTo(new PackageSettings(100, 0.05));
    assertThat(loaded.settings().warmup()).isEqualTo(new Warmup(100, 0.05f));
    assertThat(loaded.policy(RnnProp.class).config()).isEqualTo(RnnPropConfig.defaults());
    assertThat(loaded.metadata().get("source").asText()).isEqualTo("original");
    assertThat(loaded.metadata().get("checkpoint").asText()).isEqualTo(method + "/1/weights");
    assertThat(loaded.metadata().get("outer_iterations").asLong()).isEqualTo(iterations);
    assertThat(loaded.metadata().get("data_sha256").asText()).hasSize(64);
    assertThat(loaded.config().get("strategy_constructor").asText()).isEqualTo("CurriculumLearningStrategy");
    assertThat(loaded.config().at("/problems/0/target").asText()).isEqualTo("conv_classifier");
  }

  @Test
  void acceptsThePrefixAndTheIndexFile() throws IOException {
    Path prefix = ReleasedCheckpoints.prefix("mean", 2);
    Map<String, float[]> expected = PolicyCheckpoint.readWeights(prefix, POLICY.weightSpecs());
    for (Path src : List.of(prefix, TensorCheckpoint.indexFile(prefix))) {
      Path dst = tmp.resolve("pkg-" + src.getFileName());
      Map<String, float[]> got = OriginalImport.importCheckpoint(src, dst).weights().values();
      expected.forEach((name, v) -> assertThat(got.get(name)).as(name).containsExactly(v));
    }
  }

  @Test
  void foreignCheckpointIsRejectedNamingTheMissingKey() throws IOException {
    Path foreign = tmp.resolve("foreign");
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", HostTensor.of(Shape.of(2, 2), new float[4]));
    tensors.put("dense/bias/.ATTRIBUTES/VARIABLE_VALUE", HostTensor.of(Shape.of(2), new float[2]));
    TensorCheckpoint.write(foreign.resolve("weights"), tensors);

    assertThatThrownBy(() -> OriginalImport.importCheckpoint(foreign, tmp.resolve("pkg")))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("is not an RNNProp checkpoint of the original")
        .hasMessageContaining("missing key 'network/recurrent/0/kernel/.ATTRIBUTES/VARIABLE_VALUE' and 7 more of 8");
    assertThat(tmp.resolve("pkg")).doesNotExist();
  }

  @Test
  void partialCheckpointNamesTheOneMissingKey() throws IOException {
    Map<String, float[]> weights =
        PolicyCheckpoint.readWeights(ReleasedCheckpoints.prefix("mean", 1), POLICY.weightSpecs());
    List<WeightSpec> withoutBias = POLICY.weightSpecs().stream()
        .filter(s -> !s.name().equals(RnnProp.DELTA_BIAS)).toList();
    PolicyCheckpoint.write(tmp.resolve("partial/weights"), withoutBias, weights, null);

    assertThatThrownBy(() -> OriginalImport.importCheckpoint(tmp.resolve("partial"), tmp.resolve("pkg")))
        .hasMessageContaining("missing key 'network/delta/bias/.ATTRIBUTES/VARIABLE_VALUE'")
        .hasMessageNotContaining("more of");
  }

  @Test
  void wrongShapesAreRejected() throws IOException {
    RnnProp narrow = new RnnProp(new RnnPropConfig(List.of(10, 10), 0.9, 0.999, 0.1, 1e-10, false, 0, "narrow"));
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (WeightSpec spec : narrow.weightSpecs()) {
      weights.put(spec.name(), new float[(int) spec.shape().size()]);
    }
    PolicyCheckpoint.write(tmp.resolve("narrow/weights"), narrow.weightSpecs(), weights, null);

    assertThatThrownBy(() -> OriginalImport.importCheckpoint(tmp.resolve("narrow"), tmp.resolve("pkg")))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining("is not an RNNProp checkpoint of the original (layers [20, 20])")
        .hasMessageContaining("'network/recurrent/0/kernel' has shape [2, 40], expected [2, 80]");
  }

  @Test
  void folderWithoutACheckpointSaysWhatWasExpected() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("nothing"));
    assertThatThrownBy(() -> OriginalImport.importCheckpoint(dir, tmp.resolve("pkg")))
        .hasMessageContaining("no checkpoint in folder").hasMessageContaining("weights.index");
    assertThatThrownBy(() -> OriginalImport.importCheckpoint(tmp.resolve("absent"), tmp.resolve("pkg")))
        .hasMessageContaining("no checkpoint at").hasMessageContaining("checkpoint prefix");
  }

  @Test
  void existingDestinationIsRefused() throws IOException {
    Path dst = Files.createDirectory(tmp.resolve("pkg"));
    assertThatThrownBy(() -> OriginalImport.importCheckpoint(ReleasedCheckpoints.prefix("mean", 1), dst))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("refusing to overwrite");
    try (var entries = Files.list(dst)) {
      assertThat(entries).isEmpty();
    }
  }
}
