package org.l2o.core.io;

/** The element types that {@link Npy} and {@link Npz} read and write, with their NumPy names. */
public enum NpyDtype {
  /** 32-bit IEEE float, NumPy {@code float32}. */
  FLOAT32("<f4", 4),
  /** 64-bit IEEE float, NumPy {@code float64}. */
  FLOAT64("<f8", 8),
  /** 32-bit signed integer, NumPy {@code int32}. */
  INT32("<i4", 4),
  /** 64-bit signed integer, NumPy {@code int64}. */
  INT64("<i8", 8),
  /** Boolean stored as one byte 0 or 1, NumPy {@code bool}. */
  BOOL("|b1", 1);

  private final String descr;
  private final int itemSize;

  NpyDtype(String descr, int itemSize) {
    this.descr = descr;
    this.itemSize = itemSize;
  }

  /**
   * The NPY header {@code descr} this library writes (little-endian), e.g. {@code "<f4"}.
   *
   * @return the {@code descr} string
   */
  public String descr() {
    return descr;
  }

  /**
   * Bytes per element.
   *
   * @return the size of one element in bytes
   */
  public int itemSize() {
    return itemSize;
  }
}
