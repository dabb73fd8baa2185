package org.l2o.eval.report;

import java.awt.BasicStroke;
import java.awt.Font;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.TextAnchor;

/** The renderer of the report's scatter plots with error bars: markers without lines, each labelled with its series. */
final class ErrorBarRenderer {
  private ErrorBarRenderer() {}

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
