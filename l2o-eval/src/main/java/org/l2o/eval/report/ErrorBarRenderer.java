package org.l2o.eval.report;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.TextAnchor;

/** The renderer and markers of the report's scatter plots with error bars, each point labelled with its series. */
final class ErrorBarRenderer {
  /** Marker size in pixels: a baseline's circle is this wide. */
  private static final double MARKER = 9;

  private ErrorBarRenderer() {}

  /** A baseline's marker. */
  static Shape circle() {
    return new Ellipse2D.Double(-MARKER / 2, -MARKER / 2, MARKER, MARKER);
  }

  /** A learned method's marker. */
  static Shape diamond() {
    double r = MARKER * 0.7;
    Path2D.Double d = new Path2D.Double();
    d.moveTo(0, -r);
    d.lineTo(r, 0);
    d.lineTo(0, r);
    d.lineTo(-r, 0);
    d.closePath();
    return d;
  }

  /** Markers, error bars with caps of {@code capLength} pixels, and the series name to the right of each point. */
  static XYErrorRenderer labelled(double capLength) {
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDefaultLinesVisible(false);
    renderer.setDefaultShapesVisible(true);
    renderer.setErrorStroke(new BasicStroke(1.2f));
    renderer.setCapLength(capLength);
    renderer.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{0}"));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    renderer.setItemLabelAnchorOffset(8);
    return renderer;
  }
}
