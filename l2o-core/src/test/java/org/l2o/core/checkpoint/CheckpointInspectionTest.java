package org.l2o.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.train.HostTensor;
import org.tensorflow.ndarray.Shape;

/**
 * The statistics of {@code l2o inspect} on hand-built tensors, against golden values summed here in plain double,
 * and the listing of a real bundle (written by the project's writer, and one of the original's released ones).
 */
class CheckpointInspectionTest {

  private static final float[] MIXED = {3f, -4f, Float.NaN, 0.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
      Float.POSITIVE_INFINITY, -1.25f};

  @Test
  void statisticsCountNonFiniteValuesAndMeasureTheFiniteOnes() {
    TensorStatistics s = TensorStatistics.of(MIXED);
    // finite values 3, -4, 0.5, -1.25: sum of squares 9 + 16 + 0.25 + 1.5625, sum of |x| 3 + 4 + 0.5 + 1.25
    assertThat(s.count()).isEqualTo(8);
    assertThat(s.nan()).isEqualTo(1);
    assertThat(s.posInf()).isEqualTo(2);
    assertThat(s.negInf()).isEqualTo(1);
    assertThat(s.nonFinite()).isEqualTo(4);
    assertThat(s.finite()).isFalse();
    assertThat(s.rms()).isCloseTo(Math.sqrt(26.8125 / 4), within(1e-15));
    assertThat(s.meanAbs()).isCloseTo(8.75 / 4, within(1e-15));

    TensorStatistics clean = TensorStatistics.of(new float[] {1f, -2f, 2f});
    assertThat(clean.finite()).isTrue();
    assertThat(clean.rms()).isCloseTo(Math.sqrt(3.0), within(1e-15));
    assertThat(clean.meanAbs()).isCloseTo(5.0 / 3, within(1e-15));

    TensorStatistics longs = TensorStatistics.of(new long[] {-3, 4});
    assertThat(longs.rms()).isCloseTo(Math.sqrt(12.5), within(1e-15));
    assertThat(longs.meanAbs()).isEqualTo(3.5);
    assertThat(TensorStatistics.of(new float[] {Float.NaN}).rms()).isNaN();
  }

  @Test
  void accumulatesInDouble() {
    // 2^24 + 1 ones: a float accumulator stops at 2^24 and would give a mean below 1
    float[] ones = new float[(1 << 24) + 1];
    java.util.Arrays.fill(ones, 1f);
    ones[0] = 3f;
    double expectedMeanAbs = (ones.length - 1 + 3.0) / ones.length;
    double expectedRms = Math.sqrt((ones.length - 1 + 9.0) / ones.length);
    TensorStatistics s = TensorStatistics.of(ones);
    assertThat(s.meanAbs()).isCloseTo(expectedMeanAbs, within(1e-12));
    assertThat(s.rms()).isCloseTo(expectedRms, within(1e-12));
  }

  @Test
  void listsEveryTensorOfABundleWithItsStatistics(@TempDir Path dir) throws IOException {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("net/b" + "/.ATTRIBUTES/VARIABLE_VALUE", HostTensor.of(Shape.of(2, 4), MIXED));
    tensors.put("net/a/.ATTRIBUTES/VARIABLE_VALUE", HostTensor.of(Shape.of(3), new float[] {1f, -2f, 2f}));
    tensors.put(PolicyCheckpoint.slotKey("net/a", "m"), HostTensor.of(Shape.of(3), new float[] {0f, 0f, 0f}));
    tensors.put("optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE",
        HostTensor.ofLongs(Shape.scalar(), new long[] {7}));
    Path prefix = dir.resolve("period_0");
    TensorCheckpoint.write(prefix, tensors);

    CheckpointInspection inspection = CheckpointInspection.of(prefix);
    // the bundle's own (sorted) key order
    assertThat(inspection.tensors()).extracting(CheckpointInspection.Tensor::name)
        .containsExactly("net/a", "net/a/.OPTIMIZER_SLOT/optimizer/m", "net/b", "optimizer/iter");
    assertThat(inspection.tensors()).extracting(t -> t.entry().shape())
        .containsExactly(Shape.of(3), Shape.of(3), Shape.of(2, 4), Shape.scalar());
    assertThat(inspection.tensors()).extracting(t -> t.entry().typeName())
        .containsExactly("float32", "float32", "float32", "int64");
    assertThat(inspection.weights()).extracting(CheckpointInspection.Tensor::name).containsExactly("net/a", "net/b");
    assertThat(inspection.nonFinite()).extracting(CheckpointInspection.Tensor::name).containsExactly("net/b");
    assertThat(inspection.finite()).isFalse();
    assertThat(inspection.tensors().get(2).statistics()).isEqualTo(TensorStatistics.of(MIXED));
    assertThat(inspection.tensors().get(3).statistics().rms()).isEqualTo(7.0);
  }

  @Test
  void listsTheOriginalsReleasedCheckpoint() throws IOException {
    CheckpointInspection inspection = CheckpointInspection.of(ReleasedCheckpoints.prefix("mean", 1));
    // the eight RNNProp tensors of the reference README, with their shapes
    Map<String, Shape> weights = new LinkedHashMap<>();
    inspection.weights().forEach(t -> weights.put(t.name(), t.entry().shape()));
    assertThat(weights).containsExactlyInAnyOrderEntriesOf(Map.of(
        "network/delta/kernel", Shape.of(20, 1), "network/delta/bias", Shape.of(1),
        "network/recurrent/0/kernel", Shape.of(2, 80), "network/recurrent/0/recurrent_kernel", Shape.of(20, 80),
        "network/recurrent/0/bias", Shape.of(80), "network/recurrent/1/kernel", Shape.of(20, 80),
        "network/recurrent/1/recurrent_kernel", Shape.of(20, 80), "network/recurrent/1/bias", Shape.of(80)));
    assertThat(inspection.finite()).isTrue();
    // the object graph is listed, as a string without statistics
    assertThat(inspection.tensors()).filteredOn(t -> t.name().equals("_CHECKPOINTABLE_OBJECT_GRAPH"))
        .singleElement().satisfies(t -> {
          assertThat(t.entry().typeName()).isEqualTo("string");
          assertThat(t.statistics()).isNull();
        });
    // 8 weights, their 16 outer-Adam slots, the outer Adam's step and 4 hyper-parameters, the object graph
    assertThat(inspection.tensors()).hasSize(30);
    assertThat(inspection.tensors()).filteredOn(t -> t.name().startsWith("optimizer/"))
        .extracting(CheckpointInspection.Tensor::name).containsExactly("optimizer/beta_1", "optimizer/beta_2",
            "optimizer/decay", "optimizer/iter", "optimizer/learning_rate");
  }

  @Test
  void aMissingBundleIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> CheckpointInspection.of(dir.resolve("nothing")))
        .isInstanceOf(IOException.class).hasMessageContaining("nothing.index");
  }
}
