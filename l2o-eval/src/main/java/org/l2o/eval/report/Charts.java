package org.l2o.eval.report;

import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;

/** The common look of the report's charts: white background, light grid, legend on the right. */
final class Charts {
  private static final Color GRID = new Color(0xdddddd);

  private Charts() {}

  /** Applies the plot style. */
  static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlinePaint(Color.GRAY);
  }

  /** A chart with a title and a legend on the right. */
  static JFreeChart chart(String title, XYPlot plot) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return chart;
  }
}
