package org.l2o.cli;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.train.HostTensor;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.tensorflow.ndarray.Shape;

/** {@code l2o import-original}: a released checkpoint becomes a loadable package; bad input fails clearly. */
class ImportOriginalCommandTest {
  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @TempDir Path tmp;

  @Test
  void importsAReleasedCheckpointThatL2OLoads() throws Exception {
    Path prefix = ReleasedCheckpoints.prefix("choice-large", 1);
    Path dst = tmp.resolve("pkg");
    assertThat(Main.run("import-original", prefix.getParent().toString(), dst.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("imported choice-large/1/weights into", "5141 weights", "warm-up 100 iterations at 0.05");

    LearnedOptimizer loaded = L2O.load(dst);
    Map<String, float[]> expected = PolicyCheckpoint.readWeights(prefix, loaded.policy().weightSpecs());
    Map<String, float[]> got = loaded.weights().values();
    expected.forEach((name, v) -> assertThat(got.get(name)).as(name).containsExactly(v));
    assertThat(loaded.metadata().get("source").asText()).isEqualTo("original");

    assertThat(Main.run("import-original", prefix.getParent().toString(), dst.toString()))
        .as("a second import onto the same destination is refused").isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to overwrite");
  }

  @Test
  void foreignCheckpointFailsWithTheReason() throws Exception {
    Path foreign = tmp.resolve("foreign");
    TensorCheckpoint.write(foreign.resolve("weights"),
        Map.of("layer/kernel/.ATTRIBUTES/VARIABLE_VALUE", HostTensor.of(Shape.of(3), new float[3])));
    assertThat(Main.run("import-original", foreign.toString(), tmp.resolve("pkg").toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("not an RNNProp checkpoint of the original", "missing key 'network/recurrent/0/kernel");
    assertThat(Files.exists(tmp.resolve("pkg"))).isFalse();
  }

  @Test
  void missingDestinationIsAUsageError() {
    assertThat(Main.run("import-original", tmp.toString())).isEqualTo(2);
  }
}
