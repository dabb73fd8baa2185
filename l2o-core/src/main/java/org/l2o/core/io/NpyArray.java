package org.l2o.core.io;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable n-dimensional array as stored in a {@code .npy} file: a {@link NpyDtype}, a shape
 * and the elements in C (row-major) order.
 *
 * <p>The shape follows NumPy: an empty shape is a 0-d array holding exactly one element,
 * {@code {n}} a vector, {@code {rows, cols}} a matrix. Factories copy their input and accessors
 * return copies, so an instance can be shared freely.
 *
 * <pre>{@code
 * NpyArray scalar = NpyArray.float64(new double[] {0.5});        // shape ()
 * NpyArray vector = NpyArray.int64(new long[] {1, 2, 3}, 3);     // shape (3,)
 * NpyArray matrix = NpyArray.float32(new float[6], 2, 3);        // shape (2, 3)
 * }</pre>
 */
public final class NpyArray {
  private final NpyDtype dtype;
  private final long[] shape;
  private final Object data;
  private final int size;

  private NpyArray(NpyDtype dtype, long[] shape, Object data, int length) {
    this.dtype = dtype;
    this.shape = shape.clone();
    long expected = 1;
    for (long d : this.shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + shapeString(this.shape));
      }
      expected = Math.multiplyExact(expected, d);
    }
    if (expected != length) {
      throw new IllegalArgumentException(
          "shape " + shapeString(this.shape) + " holds " + expected + " elements but "
              + length + " were given");
    }
    this.data = data;
    this.size = length;
  }

  /**
   * A float32 array; {@code shape} is the NumPy shape (empty for 0-d).
   *
   * @param data the elements in C order, as many as the shape holds (copied)
   * @param shape the NumPy shape
   * @return the array
   * @throws IllegalArgumentException if a dimension is negative or the shape does not hold {@code data.length}
   *     elements
   */
  public static NpyArray float32(float[] data, long... shape) {
    return new NpyArray(NpyDtype.FLOAT32, shape, data.clone(), data.length);
  }

  /**
   * A float64 array; {@code shape} is the NumPy shape (empty for 0-d).
   *
   * @param data the elements in C order, as many as the shape holds (copied)
   * @param shape the NumPy shape
   * @return the array
   * @throws IllegalArgumentException if a dimension is negative or the shape does not hold {@code data.length}
   *     elements
   */
  public static NpyArray float64(double[] data, long... shape) {
    return new NpyArray(NpyDtype.FLOAT64, shape, data.clone(), data.length);
  }

  /**
   * An int32 array; {@code shape} is the NumPy shape (empty for 0-d).
   *
   * @param data the elements in C order, as many as the shape holds (copied)
   * @param shape the NumPy shape
   * @return the array
   * @throws IllegalArgumentException if a dimension is negative or the shape does not hold {@code data.length}
   *     elements
   */
  public static NpyArray int32(int[] data, long... shape) {
    return new NpyArray(NpyDtype.INT32, shape, data.clone(), data.length);
  }

  /**
   * An int64 array; {@code shape} is the NumPy shape (empty for 0-d).
   *
   * @param data the elements in C order, as many as the shape holds (copied)
   * @param shape the NumPy shape
   * @return the array
   * @throws IllegalArgumentException if a dimension is negative or the shape does not hold {@code data.length}
   *     elements
   */
  public static NpyArray int64(long[] data, long... shape) {
    return new NpyArray(NpyDtype.INT64, shape, data.clone(), data.length);
  }

  /**
   * A bool array; {@code shape} is the NumPy shape (empty for 0-d).
   *
   * @param data the elements in C order, as many as the shape holds (copied)
   * @param shape the NumPy shape
   * @return the array
   * @throws IllegalArgumentException if a dimension is negative or the shape does not hold {@code data.length}
   *     elements
   */
  public static NpyArray bool(boolean[] data, long... shape) {
    return new NpyArray(NpyDtype.BOOL, shape, data.clone(), data.length);
  }

  /**
   * A float32 matrix of shape (rows, columns) from a rectangular Java array.
   *
   * @param rows the rows, all of one length
   * @return the array of shape (rows.length, rows[0].length)
   */
  public static NpyArray float32(float[][] rows) {
    int columns = checkRectangular(rows, r -> rows[r].length);
    float[] flat = new float[Math.multiplyExact(rows.length, columns)];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * columns, columns);
    }
    return new NpyArray(NpyDtype.FLOAT32, new long[] {rows.length, columns}, flat, flat.length);
  }

  /**
   * A float64 matrix of shape (rows, columns) from a rectangular Java array.
   *
   * @param rows the rows, all of one length
   * @return the array of shape (rows.length, rows[0].length)
   */
  public static NpyArray float64(double[][] rows) {
    int columns = checkRectangular(rows, r -> rows[r].length);
    double[] flat = new double[Math.multiplyExact(rows.length, columns)];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * columns, columns);
    }
    return new NpyArray(NpyDtype.FLOAT64, new long[] {rows.length, columns}, flat, flat.length);
  }

  /** Wraps an already private primitive array without copying (used by the reader). */
  static NpyArray wrap(NpyDtype dtype, long[] shape, Object data, int length) {
    return new NpyArray(dtype, shape, data, length);
  }

  /** {@return the element type} */
  public NpyDtype dtype() {
    return dtype;
  }

  /** {@return the NumPy shape (a copy); empty for a 0-d array} */
  public long[] shape() {
    return shape.clone();
  }

  /** {@return the number of dimensions} */
  public int rank() {
    return shape.length;
  }

  /** {@return the number of elements (1 for a 0-d array)} */
  public int size() {
    return size;
  }

  /**
   * The float32 elements in C order (a copy).
   *
   * @return a copy of the elements
   * @throws IllegalStateException if the dtype is not float32
   */
  public float[] floats() {
    return ((float[]) requireDtype(NpyDtype.FLOAT32)).clone();
  }

  /**
   * The float64 elements in C order (a copy).
   *
   * @return a copy of the elements
   * @throws IllegalStateException if the dtype is not float64
   */
  public double[] doubles() {
    return ((double[]) requireDtype(NpyDtype.FLOAT64)).clone();
  }

  /**
   * The int32 elements in C order (a copy).
   *
   * @return a copy of the elements
   * @throws IllegalStateException if the dtype is not int32
   */
  public int[] ints() {
    return ((int[]) requireDtype(NpyDtype.INT32)).clone();
  }

  /**
   * The int64 elements in C order (a copy).
   *
   * @return a copy of the elements
   * @throws IllegalStateException if the dtype is not int64
   */
  public long[] longs() {
    return ((long[]) requireDtype(NpyDtype.INT64)).clone();
  }

  /**
   * The bool elements in C order (a copy).
   *
   * @return a copy of the elements
   * @throws IllegalStateException if the dtype is not bool
   */
  public boolean[] booleans() {
    return ((boolean[]) requireDtype(NpyDtype.BOOL)).clone();
  }

  /**
   * All elements in C order converted to double, whatever the dtype (bool gives 0 or 1).
   *
   * @return the elements as doubles
   */
  public double[] toDoubleArray() {
    double[] out = new double[size];
    switch (dtype) {
      case FLOAT32 -> {
        float[] d = (float[]) data;
        for (int i = 0; i < size; i++) {
          out[i] = d[i];
        }
      }
      case FLOAT64 -> System.arraycopy((double[]) data, 0, out, 0, size);
      case INT32 -> {
        int[] d = (int[]) data;
        for (int i = 0; i < size; i++) {
          out[i] = d[i];
        }
      }
      case INT64 -> {
        long[] d = (long[]) data;
        for (int i = 0; i < size; i++) {
          out[i] = d[i];
        }
      }
      case BOOL -> {
        boolean[] d = (boolean[]) data;
        for (int i = 0; i < size; i++) {
          out[i] = d[i] ? 1 : 0;
        }
      }
    }
    return out;
  }

  /**
   * A rank-2 array as {@code double[rows][columns]}, converting like {@link #toDoubleArray()}.
   *
   * @return the rows of the matrix
   * @throws IllegalStateException if the array is not 2-d
   */
  public double[][] toDoubleMatrix() {
    if (shape.length != 2) {
      throw new IllegalStateException("expected a 2-d array, got shape " + shapeString(shape));
    }
    double[] flat = toDoubleArray();
    int rows = (int) shape[0];
    int columns = (int) shape[1];
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
    }
    return out;
  }

  /** The backing array, for the writer in this package only. */
  Object rawData() {
    return data;
  }

  private Object requireDtype(NpyDtype expected) {
    if (dtype != expected) {
      throw new IllegalStateException("array has dtype " + dtype + ", not " + expected);
    }
    return data;
  }

  private interface RowLength {
    int of(int row);
  }

  private static int checkRectangular(Object[] rows, RowLength length) {
    Objects.requireNonNull(rows, "rows");
    int columns = rows.length == 0 ? 0 : length.of(0);
    for (int r = 1; r < rows.length; r++) {
      if (length.of(r) != columns) {
        throw new IllegalArgumentException(
            "ragged matrix: row 0 has " + columns + " columns, row " + r + " has " + length.of(r));
      }
    }
    return columns;
  }

  /** Formats a shape as Python prints a tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String shapeString(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
  }

  /** Equal when dtype, shape and every element are equal (NaN equals NaN, as in Arrays.equals). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NpyArray other) || dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
      return false;
    }
    return switch (dtype) {
      case FLOAT32 -> Arrays.equals((float[]) data, (float[]) other.data);
      case FLOAT64 -> Arrays.equals((double[]) data, (double[]) other.data);
      case INT32 -> Arrays.equals((int[]) data, (int[]) other.data);
      case INT64 -> Arrays.equals((long[]) data, (long[]) other.data);
      case BOOL -> Arrays.equals((boolean[]) data, (boolean[]) other.data);
    };
  }

  @Override
  public int hashCode() {
    int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
    return 31 * h + switch (dtype) {
      case FLOAT32 -> Arrays.hashCode((float[]) data);
      case FLOAT64 -> Arrays.hashCode((double[]) data);
      case INT32 -> Arrays.hashCode((int[]) data);
      case INT64 -> Arrays.hashCode((long[]) data);
      case BOOL -> Arrays.hashCode((boolean[]) data);
    };
  }

  /** E.g. {@code NpyArray[FLOAT32 (2, 3)]}; elements are not printed. */
  @Override
  public String toString() {
    return "NpyArray[" + dtype + " " + shapeString(shape) + "]";
  }
}
