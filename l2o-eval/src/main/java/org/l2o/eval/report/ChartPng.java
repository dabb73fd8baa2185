package org.l2o.eval.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.l2o.core.io.AtomicFiles;

/** Renders charts to PNG without a display and writes them atomically. */
public final class ChartPng {
  /** Default image width in pixels. */
  public static final int WIDTH = 960;
  /** Default image height in pixels. */
  public static final int HEIGHT = 600;

  static {
    // Reports run on servers without a display; must be set before AWT initialises.
    System.setProperty("java.awt.headless", "true");
  }

  private ChartPng() {}

  /** Makes sure headless mode is set; chart factories call this before creating any AWT object. */
  static void ensureHeadless() {
    // the static initialiser above has run when this method is reached
  }

  /** The chart as PNG bytes of the given size. */
  public static byte[] render(JFreeChart chart, int width, int height) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(bytes, chart, width, height);
    return bytes.toByteArray();
  }

  /** Renders at the default size and atomically replaces {@code target} with the PNG. */
  public static void write(Path target, JFreeChart chart) throws IOException {
    AtomicFiles.write(target, render(chart, WIDTH, HEIGHT));
  }
}
