package org.l2o.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.l2o.eval.stats.RandomInterceptFit;

/**
 * Meta-stability versus perturbation magnitude (the paper's Figure 6): one labelled point per configuration at
 * its magnitude (x, one evenly spaced position per distinct magnitude, in increasing order, 0 first) and its REML
 * replicate SD (y), with the 95% profile-likelihood interval as the error bar. Configurations sharing a
 * magnitude are set slightly apart. Configurations without a fit or without a known magnitude have no point.
 */
public final class MetaStabilityChart {
  private static final double SPREAD = 0.12;

  private MetaStabilityChart() {}

  /** Whether {@code m} has a point in the chart. */
  public static boolean plottable(MetaStability m) {
    return m.fit().isPresent() && m.magnitude().known();
  }

  /** Builds the chart of the plottable rows (colours by position in {@code rows}, as in the other plots). */
  public static JFreeChart create(String title, List<MetaStability> rows) {
    ChartPng.ensureHeadless();
    TreeSet<Double> magnitudes = new TreeSet<>();
    rows.stream().filter(MetaStabilityChart::plottable).forEach(m -> magnitudes.add(m.magnitude().value()));
    List<Double> positions = new ArrayList<>(magnitudes);
    int[] used = new int[positions.size()];
    int[] total = new int[positions.size()];
    rows.stream().filter(MetaStabilityChart::plottable)
        .forEach(m -> total[positions.indexOf(m.magnitude().value())]++);

    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    XYErrorRenderer renderer = ErrorBarRenderer.labelled(8);
    renderer.setDrawXError(false);
    int series = 0;
    for (int i = 0; i < rows.size(); i++) {
      MetaStability m = rows.get(i);
      if (!plottable(m)) {
        continue;
      }
      int p = positions.indexOf(m.magnitude().value());
      double x = p + SPREAD * (used[p]++ - (total[p] - 1) / 2.0);
      RandomInterceptFit f = m.fit().get();
      XYIntervalSeries s = new XYIntervalSeries(m.entry().label());
      s.add(x, x, x, f.groupSd(), f.groupSdInterval().low(), f.groupSdInterval().high());
      data.addSeries(s);
      renderer.setSeriesPaint(series, Palette.color(i));
      renderer.setSeriesShape(series, ErrorBarRenderer.diamond());
      series++;
    }
    String[] labels = positions.stream().map(Magnitude::format).toArray(String[]::new);
    SymbolAxis x = new SymbolAxis("perturbation magnitude", labels);
    x.setLowerMargin(0.1);
    x.setUpperMargin(0.25); // room for the labels right of the points
    x.setGridBandsVisible(false);
    NumberAxis y = new NumberAxis("meta-stability: replicate SD of " + statisticKey(rows)
        + " (REML, 95% profile interval)");
    y.setAutoRangeIncludesZero(true);
    // a little room below 0, so that points and labels on the boundary (SD 0) stay visible
    y.setAutoRangeStickyZero(false);
    y.setLowerMargin(0.04);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    Charts.style(plot);
    return Charts.chart(title, plot);
  }

  private static String statisticKey(List<MetaStability> rows) {
    return rows.isEmpty() ? "?" : rows.get(0).statistic().key();
  }
}
