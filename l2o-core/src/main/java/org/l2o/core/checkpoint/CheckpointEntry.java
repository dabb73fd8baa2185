package org.l2o.core.checkpoint;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * One tensor of a checkpoint bundle as its index describes it: the key, the element type and the shape.
 *
 * @param key   the key in the bundle, e.g. {@code network/delta/kernel/.ATTRIBUTES/VARIABLE_VALUE}
 * @param type  the element type
 * @param shape the shape
 */
public record CheckpointEntry(String key, DataType type, Shape shape) {

  /**
   * The element type as the project writes it elsewhere: float32, float64, int32, int64, string, ...
   *
   * @return the lower-case type name, e.g. {@code float32}
   */
  public String typeName() {
    return switch (type) {
      case DT_FLOAT -> "float32";
      case DT_DOUBLE -> "float64";
      case DT_HALF -> "float16";
      default -> type.name().replaceFirst("^DT_", "").toLowerCase(java.util.Locale.ROOT);
    };
  }
}
