package org.l2o.eval.report;

import java.awt.BasicStroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The mean weight of each pool member of a choice policy over training ({@link ChoiceWeights}), one line each. */
public final class ChoiceWeightsChart {
  private ChoiceWeightsChart() {}

  /** Builds the chart. */
  public static JFreeChart create(String title, ChoiceWeights weights) {
    ChartPng.ensureHeadless();
    XYSeriesCollection data = new XYSeriesCollection();
    for (int j = 0; j < weights.members().size(); j++) {
      XYSeries series = new XYSeries(weights.members().get(j), false, true);
      for (int p = 0; p < weights.epochs().length; p++) {
        series.add(weights.epochs()[p], weights.weights()[j][p]);
      }
      data.addSeries(series);
    }
    NumberAxis x = new NumberAxis("epoch");
    x.setAutoRangeIncludesZero(true);
    NumberAxis y = new NumberAxis("mean weight of the member");
    y.setRange(0.0, 1.0);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, weights.epochs().length <= 12);
    for (int j = 0; j < weights.members().size(); j++) {
      renderer.setSeriesPaint(j, Palette.color(j));
      renderer.setSeriesStroke(j, new BasicStroke(2.0f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    Charts.style(plot);
    return Charts.chart(title, plot);
  }
}
