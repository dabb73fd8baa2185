package org.l2o.core.train;

import java.util.Arrays;
import java.util.Objects;
import org.l2o.core.policy.StateSpec;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A float32 or int64 tensor held in Java memory between session runs (trajectory parameters and policy
 * states are carried from one truncation window to the next as plain values, so no gradient crosses a
 * window boundary and nothing native outlives a run).
 */
public final class HostTensor {
  private final Shape shape;
  private final float[] floats;
  private final long[] longs;

  private HostTensor(Shape shape, float[] floats, long[] longs) {
    this.shape = Objects.requireNonNull(shape);
    this.floats = floats;
    this.longs = longs;
  }

  /**
   * A float32 tensor over {@code values} (not copied).
   *
   * @param shape the tensor's shape
   * @param values the values, row-major, as many as the shape holds
   * @return the tensor, sharing {@code values}
   */
  public static HostTensor of(Shape shape, float[] values) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + values.length);
    }
    return new HostTensor(shape, values, null);
  }

  /**
   * An int64 tensor over {@code values} (not copied).
   *
   * @param shape the tensor's shape
   * @param values the values, row-major, as many as the shape holds
   * @return the tensor, sharing {@code values}
   */
  public static HostTensor ofLongs(Shape shape, long[] values) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + values.length);
    }
    return new HostTensor(shape, null, values);
  }

  /**
   * The all-zero initial value of a state.
   *
   * @param spec the state's shape and type (float32 or int64)
   * @return a zero tensor of the state's shape and type
   */
  public static HostTensor zeros(StateSpec spec) {
    int n = Math.toIntExact(spec.shape().size());
    if (spec.type() == TFloat32.class) {
      return of(spec.shape(), new float[n]);
    }
    if (spec.type() == TInt64.class) {
      return ofLongs(spec.shape(), new long[n]);
    }
    throw new IllegalArgumentException("state '" + spec.name() + "' has unsupported type " + spec.type().getSimpleName());
  }

  /**
   * Copies a fetched float32 or int64 tensor into Java memory.
   *
   * @param tensor a float32 or int64 tensor; it stays open, the caller closes it
   * @return the values and shape, copied
   */
  public static HostTensor copyOf(Tensor tensor) {
    Shape shape = tensor.shape();
    int n = Math.toIntExact(shape.size());
    if (tensor instanceof TFloat32 t) {
      float[] v = new float[n];
      t.asRawTensor().data().asFloats().read(v);
      return of(shape, v);
    }
    if (tensor instanceof TInt64 t) {
      long[] v = new long[n];
      t.asRawTensor().data().asLongs().read(v);
      return ofLongs(shape, v);
    }
    throw new IllegalArgumentException("unsupported tensor type " + tensor.getClass().getSimpleName());
  }

  /**
   * A new native tensor with these values; the caller closes it.
   *
   * @return the native tensor; the caller closes it
   */
  public Tensor toTensor() {
    if (floats != null) {
      return TFloat32.tensorOf(shape, DataBuffers.of(floats, true, false));
    }
    return TInt64.tensorOf(shape, DataBuffers.of(longs, true, false));
  }

  /** {@return true for a float32 tensor, false for int64} */
  public boolean isFloat() {
    return floats != null;
  }

  /** {@return the tensor's shape} */
  public Shape shape() {
    return shape;
  }

  /**
   * The float32 values (live array); throws for int64 tensors.
   *
   * @return the live float32 values
   * @throws IllegalStateException for an int64 tensor
   */
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("not a float32 tensor");
    }
    return floats;
  }

  /**
   * The int64 values (live array); throws for float32 tensors.
   *
   * @return the live int64 values
   * @throws IllegalStateException for a float32 tensor
   */
  public long[] longs() {
    if (longs == null) {
      throw new IllegalStateException("not an int64 tensor");
    }
    return longs;
  }

  /**
   * A deep copy.
   *
   * @return a tensor of the same shape and type over copied values
   */
  public HostTensor copy() {
    return floats != null ? of(shape, floats.clone()) : ofLongs(shape, longs.clone());
  }

  @Override
  public String toString() {
    return "HostTensor" + shape + (floats != null ? Arrays.toString(Arrays.copyOf(floats, Math.min(4, floats.length))) : "");
  }
}
