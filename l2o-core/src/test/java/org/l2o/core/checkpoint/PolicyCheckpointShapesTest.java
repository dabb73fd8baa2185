package org.l2o.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.HostTensor;
import org.l2o.core.train.OuterAdam;
import org.tensorflow.ndarray.Shape;

/** The outer optimizer's state is checked against the policy like its weights: shapes and a scalar count. */
class PolicyCheckpointShapesTest {
  private static final List<WeightSpec> SPECS =
      List.of(new WeightSpec("w", Shape.of(2), Initializers.zeros()));
  private static final String ITER = "optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE";

  @TempDir Path dir;

  private Path write(HostTensor iter, HostTensor m, HostTensor v) throws IOException {
    Path prefix = dir.resolve("period_1");
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put(PolicyCheckpoint.weightKey("w"), HostTensor.of(Shape.of(2), new float[] {1, 2}));
    tensors.put(ITER, iter);
    tensors.put(PolicyCheckpoint.slotKey("w", "m"), m);
    tensors.put(PolicyCheckpoint.slotKey("w", "v"), v);
    TensorCheckpoint.write(prefix, tensors);
    return prefix;
  }

  private static HostTensor two() {
    return HostTensor.of(Shape.of(2), new float[] {0.1f, 0.2f});
  }

  @Test
  void aValidStateIsRestored() throws IOException {
    Path prefix = write(HostTensor.ofLongs(Shape.scalar(), new long[] {7}), two(), two());
    OuterAdam outer = OuterAdam.withLearningRate(0.1);
    PolicyCheckpoint.readOptimizer(prefix, SPECS, outer);
    assertThat(outer.iterations()).isEqualTo(7);
    assertThat(outer.firstMoments().get("w")).containsExactly(0.1f, 0.2f);
  }

  @Test
  void anEmptyIterationCountIsRefusedNamingTheCheckpoint() throws IOException {
    Path prefix = write(HostTensor.ofLongs(Shape.of(0), new long[0]), two(), two());
    assertThatThrownBy(() -> PolicyCheckpoint.readOptimizer(prefix, SPECS, OuterAdam.withLearningRate(0.1)))
        .isInstanceOf(IOException.class)
        .hasMessage("checkpoint " + prefix + ": " + ITER + " has shape [0], expected a scalar iteration count");
  }

  @Test
  void aNegativeIterationCountIsRefused() throws IOException {
    Path prefix = write(HostTensor.ofLongs(Shape.scalar(), new long[] {-3}), two(), two());
    assertThatThrownBy(() -> PolicyCheckpoint.readOptimizer(prefix, SPECS, OuterAdam.withLearningRate(0.1)))
        .isInstanceOf(IOException.class)
        .hasMessage("checkpoint " + prefix + ": " + ITER + " holds -3, expected a non-negative iteration count");
  }

  @Test
  void aSlotOfAnotherShapeIsRefusedNamingTheWeight() throws IOException {
    Path prefix = write(HostTensor.ofLongs(Shape.scalar(), new long[] {7}), two(),
        HostTensor.of(Shape.of(3), new float[] {1, 2, 3}));
    assertThatThrownBy(() -> PolicyCheckpoint.readOptimizer(prefix, SPECS, OuterAdam.withLearningRate(0.1)))
        .isInstanceOf(IOException.class)
        .hasMessage("checkpoint " + prefix + ": optimizer slot 'v' of weight 'w' has shape [3], expected [2]");
  }
}
