package org.l2o.problems.data;

/** The two split names every dataset has. */
final class Splits {
  static final String TRAIN = "train";
  static final String TEST = "test";

  private Splits() {}

  /** Returns {@code split} if it is "train" or "test", else throws naming the bad value. */
  static String check(String split) {
    if (!TRAIN.equals(split) && !TEST.equals(split)) {
      throw new IllegalArgumentException("unknown split '" + split + "': expected \"train\" or \"test\"");
    }
    return split;
  }
}
