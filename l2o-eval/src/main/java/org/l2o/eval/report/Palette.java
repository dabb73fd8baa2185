package org.l2o.eval.report;

import java.awt.Color;

/** The colours of the report's plots: matplotlib's "tab10" cycle, so entry i has one colour in every plot. */
final class Palette {
  private static final Color[] TAB10 = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  private Palette() {}

  /** Colour of the i-th entry (cycling after ten). */
  static Color color(int i) {
    return TAB10[Math.floorMod(i, TAB10.length)];
  }
}
