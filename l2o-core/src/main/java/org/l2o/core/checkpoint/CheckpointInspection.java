package org.l2o.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.train.HostTensor;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Every tensor of a checkpoint bundle with its {@link TensorStatistics} (the original's {@code count.py},
 * {@code isnan.py} and {@code magnitude.py} in one pass): float32 and int64 tensors are read and measured, others
 * (the original's object graph, a string) are listed without statistics.
 *
 * @param prefix  the bundle
 * @param tensors one row per tensor, in the bundle's key order
 */
public record CheckpointInspection(Path prefix, List<Tensor> tensors) {

  /**
   * One tensor.
   *
   * @param entry      key, type and shape
   * @param statistics its statistics; null for a type that has none (strings)
   */
  public record Tensor(CheckpointEntry entry, TensorStatistics statistics) {
    /**
     * {@return the tensor's name: the key without the {@code /.ATTRIBUTES/VARIABLE_VALUE} suffix of object-based
     * keys}
     */
    public String name() {
      return PolicyCheckpoint.nameOfKey(entry.key());
    }

    /**
     * Whether this is a weight of the policy (not outer-optimizer state nor bookkeeping).
     *
     * @return true for a policy weight
     */
    public boolean isWeight() {
      return PolicyCheckpoint.isWeightKey(entry.key());
    }

    /**
     * Whether it has statistics and some element is NaN or infinite.
     *
     * @return true if the tensor is measured and not finite
     */
    public boolean nonFinite() {
      return statistics != null && !statistics.finite();
    }
  }

  /**
   * Copies the rows.
   *
   * @param tensors one row per tensor, in the bundle's key order
   * @param prefix the bundle
   */
  public CheckpointInspection {
    tensors = List.copyOf(tensors);
  }

  /**
   * Reads and measures every tensor of the bundle at {@code prefix}.
   *
   * @param prefix the bundle's path prefix
   * @return the bundle's tensors with their statistics
   * @throws IOException naming the bundle if it is missing or unreadable
   */
  public static CheckpointInspection of(Path prefix) throws IOException {
    List<CheckpointEntry> entries = CheckpointIndex.list(prefix);
    Map<String, Class<? extends TType>> keys = new LinkedHashMap<>();
    for (CheckpointEntry e : entries) {
      if (e.type() == DataType.DT_FLOAT) {
        keys.put(e.key(), TFloat32.class);
      } else if (e.type() == DataType.DT_INT64) {
        keys.put(e.key(), TInt64.class);
      }
    }
    Map<String, HostTensor> values = keys.isEmpty() ? Map.of() : TensorCheckpoint.read(prefix, keys);
    List<Tensor> rows = new ArrayList<>();
    for (CheckpointEntry e : entries) {
      HostTensor t = values.get(e.key());
      TensorStatistics stats = t == null ? null
          : t.isFloat() ? TensorStatistics.of(t.floats()) : TensorStatistics.of(t.longs());
      rows.add(new Tensor(e, stats));
    }
    return new CheckpointInspection(prefix, rows);
  }

  /**
   * The tensors holding a NaN or an infinite value.
   *
   * @return the non-finite tensors, in key order
   */
  public List<Tensor> nonFinite() {
    return tensors.stream().filter(Tensor::nonFinite).toList();
  }

  /**
   * Whether every measured tensor is finite.
   *
   * @return true if no tensor holds a NaN or an infinite value
   */
  public boolean finite() {
    return nonFinite().isEmpty();
  }

  /**
   * The policy's weights.
   *
   * @return the tensors that are policy weights, in key order
   */
  public List<Tensor> weights() {
    return tensors.stream().filter(Tensor::isWeight).toList();
  }
}
