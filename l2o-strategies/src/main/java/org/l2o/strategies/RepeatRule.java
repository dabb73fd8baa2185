package org.l2o.strategies;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The repeat rule of the repeat and curriculum strategies: a period is repeated when its value exceeds
 * {@code ref + |ref| * repeat_threshold} (spec §6.2, §6.3).
 *
 * <p>Non-finite values (a deliberate deviation; the original compared with {@code <}, so a NaN was never
 * repeated, and the curriculum then crashed looking for a best row): a NaN value is always repeated (within the
 * cap), since a diverged period is what repeating is for; a missing or NaN reference repeats nothing else; an
 * infinite reference is its own limit. A period that applied none of its meta-updates failed the same way
 * ({@link #noUpdate}), whatever its validation: its weights are those it started from.
 */
final class RepeatRule {
  private RepeatRule() {}

  /** The outcome and its explanation, e.g. {@code validation 0.42 > 0.31 + 50% = 0.465}. */
  record Verdict(boolean repeat, String reason) {}

  /** Why a period that applied no meta-update is repeated (within the cap) like a diverged one. */
  static final String NO_UPDATE = "every meta-update of the period was skipped (not finite or nothing measured)";

  /** The verdict on a period that applied no meta-update: repeat, as a NaN value would be. */
  static Verdict noUpdate() {
    return new Verdict(true, NO_UPDATE);
  }

  /** {@code reason}, with a note that the period applied no meta-update when it did not. */
  static String noting(PeriodRecord row, String reason) {
    return row.noUpdateApplied() ? reason + "; " + NO_UPDATE : reason;
  }

  /**
   * Applies the test.
   *
   * @param what      the name of the compared value ("validation", "training meta loss")
   * @param value     the value of the period just finished
   * @param reference the reference, or NaN when there is none
   * @param refName   what the reference is, for the explanation when it is missing
   * @param threshold repeat_threshold
   */
  static Verdict apply(String what, double value, double reference, String refName, double threshold) {
    if (Double.isNaN(value)) {
      return new Verdict(true, what + " is nan");
    }
    if (Double.isNaN(reference)) {
      return new Verdict(false, what + " " + fmt(value) + ", no finite reference (" + refName + ")");
    }
    double limit = Double.isInfinite(reference) ? reference : reference + Math.abs(reference) * threshold;
    String bound = fmt(reference) + " + " + fmt(threshold * 100) + "% = " + fmt(limit);
    return value > limit
        ? new Verdict(true, what + " " + fmt(value) + " > " + bound)
        : new Verdict(false, what + " " + fmt(value) + " <= " + bound);
  }

  /** Four significant digits, no trailing zeros, Python's nan / inf spellings. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
    double a = Math.abs(v);
    return a >= 1e-4 && a < 1e7 ? d.toPlainString() : d.toString();
  }
}
