package org.l2o.core.checkpoint;

/**
 * What the original's {@code utils/isnan.py} and {@code utils/magnitude.py} print for one tensor: how many
 * elements it has, how many are NaN, +Inf and -Inf, and the root mean square and mean absolute value of the finite
 * ones (accumulated in double).
 *
 * @param count   number of elements
 * @param nan     NaN elements
 * @param posInf  +Inf elements
 * @param negInf  -Inf elements
 * @param rms     sqrt(mean(x^2)) over the finite elements; NaN if there are none
 * @param meanAbs mean(|x|) over the finite elements; NaN if there are none
 */
public record TensorStatistics(long count, long nan, long posInf, long negInf, double rms, double meanAbs) {

  /**
   * The statistics of float32 values.
   *
   * @param values the values
   * @return counts of NaN and infinities, and rms and mean absolute value of the finite values
   */
  public static TensorStatistics of(float[] values) {
    long nan = 0;
    long posInf = 0;
    long negInf = 0;
    double squares = 0;
    double absolutes = 0;
    for (float v : values) {
      if (Float.isNaN(v)) {
        nan++;
      } else if (v == Float.POSITIVE_INFINITY) {
        posInf++;
      } else if (v == Float.NEGATIVE_INFINITY) {
        negInf++;
      } else {
        double d = v;
        squares += d * d;
        absolutes += Math.abs(d);
      }
    }
    return of(values.length, nan, posInf, negInf, squares, absolutes);
  }

  /**
   * The statistics of int64 values (always finite).
   *
   * @param values the values
   * @return the statistics, with no NaN nor infinity
   */
  public static TensorStatistics of(long[] values) {
    double squares = 0;
    double absolutes = 0;
    for (long v : values) {
      double d = v;
      squares += d * d;
      absolutes += Math.abs(d);
    }
    return of(values.length, 0, 0, 0, squares, absolutes);
  }

  private static TensorStatistics of(long count, long nan, long posInf, long negInf, double squares,
      double absolutes) {
    long finite = count - nan - posInf - negInf;
    return new TensorStatistics(count, nan, posInf, negInf,
        finite == 0 ? Double.NaN : Math.sqrt(squares / finite), finite == 0 ? Double.NaN : absolutes / finite);
  }

  /**
   * Elements that are NaN or infinite.
   *
   * @return {@code nan + posInf + negInf}
   */
  public long nonFinite() {
    return nan + posInf + negInf;
  }

  /**
   * Whether every element is finite.
   *
   * @return true if there is no NaN nor infinity
   */
  public boolean finite() {
    return nonFinite() == 0;
  }
}
