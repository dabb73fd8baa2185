package org.l2o.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.l2o.core.io.Bounded;
import org.l2o.core.io.ByteMutations;
import org.l2o.core.io.ScratchFolder;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.OuterAdam;
import org.tensorflow.ndarray.Shape;

/**
 * Properties of the checkpoint readers: a damaged index or data file of a bundle written by
 * {@link PolicyCheckpoint#write} is read (when the damage misses what is read) or refused with an IOException
 * naming the checkpoint, never another exception, a crash or a hang. Few tries: every read runs TensorFlow.
 */
class CheckpointProperties {
  private static final List<WeightSpec> SPECS = List.of(
      new WeightSpec("network/kernel", Shape.of(3, 2), Initializers.zeros()),
      new WeightSpec("network/bias", Shape.of(2), Initializers.zeros()));

  private static Path dir;
  private static Path valid;

  @BeforeContainer
  static void writeValidCheckpoint() throws IOException {
    dir = ScratchFolder.create("l2o-checkpoint-properties");
    valid = dir.resolve("valid");
    Map<String, float[]> weights = new LinkedHashMap<>();
    weights.put("network/kernel", new float[] {1, 2, 3, 4, 5, 6});
    weights.put("network/bias", new float[] {-1, 0.5f});
    OuterAdam outer = OuterAdam.withLearningRate(0.01);
    outer.apply(weights, Map.of("network/kernel", new float[] {1, 1, 1, 1, 1, 1}, "network/bias", new float[] {2, 2}));
    PolicyCheckpoint.write(valid, SPECS, weights, outer);
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    ScratchFolder.delete(dir);
  }

  @Property(tries = 150, seed = "1531")
  void damagedBundlesAreReadOrRefusedNamingTheCheckpoint(
      @ForAll boolean damageIndex, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    Path prefix = dir.resolve("damaged");
    Path index = TensorCheckpoint.indexFile(prefix);
    Path data = TensorCheckpoint.dataFile(prefix);
    byte[] indexBytes = Files.readAllBytes(TensorCheckpoint.indexFile(valid));
    byte[] dataBytes = Files.readAllBytes(TensorCheckpoint.dataFile(valid));
    Files.write(index, damageIndex ? ByteMutations.apply(indexBytes, damage) : indexBytes);
    Files.write(data, damageIndex ? dataBytes : ByteMutations.apply(dataBytes, damage));
    try {
      Map<String, float[]> weights = Bounded.within(() -> PolicyCheckpoint.readWeights(prefix, SPECS));
      assertThat(weights.get("network/kernel")).hasSize(6);
      OuterAdam outer = OuterAdam.withLearningRate(0.01);
      Bounded.within(() -> {
        PolicyCheckpoint.readOptimizer(prefix, SPECS, outer);
        return null;
      });
      assertThat(outer.firstMoments().get("network/bias")).hasSize(2);
    } catch (IOException e) {
      assertThat(e.getMessage()).contains(prefix.toString());
    }
  }

  @Provide
  Arbitrary<List<ByteMutations.Mutation>> damage() {
    return ByteMutations.sequences();
  }
}
