package org.l2o.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Loss per epoch of several optimizers on one problem: for each, the mean over runs of ln loss as a
 * line and the min–max range over runs as a translucent band ({@link CurveBand}). For a learned
 * method the runs of all its replicates are pooled; its line is drawn thicker than the baselines'.
 */
public final class LossCurveChart {
  private static final float BAND_ALPHA = 0.18f;

  private LossCurveChart() {}

  /**
   * Builds the chart.
   *
   * @param title   chart title
   * @param yLabel  label of the vertical axis, e.g. "ln validation loss"
   * @param entries one line per entry, coloured by position ({@link Palette})
   * @param curve   which [runs][epochs] array of an evaluation file to plot
   */
  public static JFreeChart create(String title, String yLabel, List<ResultEntry> entries,
      Function<EvaluationRecord, double[][]> curve) {
    ChartPng.ensureHeadless();
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (ResultEntry entry : entries) {
      CurveBand band = CurveBand.of(entry.pooled(curve));
      YIntervalSeries series = new YIntervalSeries(legend(entry), false, false);
      for (int e = 0; e < band.epochs().length; e++) {
        series.add(band.epochs()[e], band.mean()[e], band.min()[e], band.max()[e]);
      }
      data.addSeries(series);
    }
    NumberAxis x = new NumberAxis("epoch");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    x.setLowerMargin(0.01);
    x.setUpperMargin(0.01);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    // Markers when there are few epochs: a one-epoch curve is a single point and would otherwise be invisible.
    boolean markers = data.getSeriesCount() > 0 && data.getItemCount(0) <= 12;
    DeviationRenderer renderer = new DeviationRenderer(true, markers);
    renderer.setAlpha(BAND_ALPHA);
    for (int i = 0; i < entries.size(); i++) {
      Color c = Palette.color(i);
      renderer.setSeriesPaint(i, c);
      renderer.setSeriesFillPaint(i, c);
      boolean method = entries.get(i).kind() == ResultEntry.Kind.METHOD;
      renderer.setSeriesStroke(i, new BasicStroke(method ? 3.0f : 1.6f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    Charts.style(plot);
    return Charts.chart(title, plot);
  }

  /** Legend text: the label, marked "(learned)" for methods. */
  static String legend(ResultEntry entry) {
    return entry.kind() == ResultEntry.Kind.METHOD ? entry.label() + " (learned)" : entry.label();
  }
}
