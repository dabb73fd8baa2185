package org.l2o.eval.report;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * Optimization stability versus validation loss (the paper's Figure 3): one labelled point per
 * optimizer at (mean val_best, mean val_stability), with error bars of ± one standard deviation
 * over the runs in both directions. Baselines are circles, learned methods diamonds. Entries whose
 * runs all diverged have no point (see {@link StabilityPoint#plottable()}).
 */
public final class StabilityChart {

  private StabilityChart() {}

  /** Builds the chart of the given points (colours by position, as in the loss plots). */
  public static JFreeChart create(String title, List<StabilityPoint> points) {
    ChartPng.ensureHeadless();
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    XYErrorRenderer renderer = ErrorBarRenderer.labelled(6);
    int series = 0;
    for (int i = 0; i < points.size(); i++) {
      StabilityPoint p = points.get(i);
      if (!p.plottable()) {
        continue;
      }
      XYIntervalSeries s = new XYIntervalSeries(LossCurveChart.legend(p.entry()));
      double x = p.valBest().mean();
      double y = p.stability().mean();
      s.add(x, x - p.valBest().std(), x + p.valBest().std(), y, y - p.stability().std(), y + p.stability().std());
      data.addSeries(s);
      renderer.setSeriesPaint(series, Palette.color(i));
      renderer.setSeriesShape(series, p.entry().kind() == ResultEntry.Kind.METHOD ? ErrorBarRenderer.diamond()
          : ErrorBarRenderer.circle());
      series++;
    }
    NumberAxis x = new NumberAxis("val_best = ln(best validation loss), mean over runs");
    x.setAutoRangeIncludesZero(false);
    x.setUpperMargin(0.15); // room for the labels right of the points
    NumberAxis y = new NumberAxis("val_stability (optimization stability), mean over runs");
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    Charts.style(plot);
    return Charts.chart(title, plot);
  }
}
