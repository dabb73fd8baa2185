package org.l2o.core.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code str(float)} in Java, for file names the original derives from floats (its grid search saves
 * {@code str(lr) + ".npz"}, spec §9.6).
 *
 * <p>Python prints the shortest decimal that reads back as the same double, in positional notation when the
 * decimal exponent is in [-4, 16) ({@code 0.0001}, {@code 1.0}, {@code 1000000000000000.0}) and in scientific
 * notation with a signed exponent of at least two digits otherwise ({@code 1e-05}, {@code 1e+16}). Java 17's
 * {@link Double#toString} is neither always shortest nor in that layout, hence this class.
 */
public final class PythonFloat {
  private static final int MAX_DIGITS = 17; // enough to round-trip any double

  private PythonFloat() {}

  /**
   * What Python's {@code str(x)} prints for the double {@code x}.
   *
   * @param x any double
   * @return e.g. {@code "0.001"}, {@code "5e-05"}, {@code "1.0"}, {@code "-2.5"}, {@code "inf"}, {@code "nan"}
   */
  public static String str(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return (1 / x < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(x);
    String digits = shortest.unscaledValue().abs().toString().replaceFirst("0+$", "");
    if (digits.isEmpty()) {
      digits = "0";
    }
    // exponent of the first digit: x = d.ddd * 10^exponent
    int exponent = shortest.precision() - shortest.scale() - 1;
    String sign = x < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
    }
    if (exponent < 0) {
      return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
  }

  /** The decimal of fewest significant digits that reads back as {@code x}, the nearest one among them. */
  private static BigDecimal shortest(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int p = 1; p < MAX_DIGITS; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == x) {
        return candidate;
      }
    }
    return exact.round(new MathContext(MAX_DIGITS, RoundingMode.HALF_EVEN));
  }
}
