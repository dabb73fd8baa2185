package org.l2o.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How peak memory grows with the unroll length: for every teacher count and order measured at two or more
 * unroll lengths, the least-squares slope in MB per inner step and the intercept (the unroll-independent
 * part: JVM, TensorFlow, data, weights).
 */
final class MemoryGrowth {
  private MemoryGrowth() {}

  /** One sentence per group with at least two successful unroll lengths. */
  static List<String> lines(List<MemoryBenchmark.Result> memory) {
    Map<String, List<MemoryBenchmark.Result>> groups = new LinkedHashMap<>();
    for (MemoryBenchmark.Result r : memory) {
      if (r.ok()) {
        MetaStepConfig c = r.config();
        String key = (c.teachers() == 0 ? "student" : "student+" + c.teachers()) + " "
            + (!c.isTrain() ? "forward" : c.secondOrder() ? "2nd-order" : "1st-order");
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<MemoryBenchmark.Result>> e : groups.entrySet()) {
      List<MemoryBenchmark.Result> rs = new ArrayList<>(e.getValue());
      rs.sort(Comparator.comparingInt(r -> r.config().unroll()));
      if (rs.size() < 2 || rs.get(0).config().unroll() == rs.get(rs.size() - 1).config().unroll()) {
        continue;
      }
      double[] fit = fit(rs);
      out.add(String.format("%s: peak RSS grows by %.0f MB per inner step (least squares over U = %s), %.2f GB at"
          + " U = 0", e.getKey(), fit[0] / 1e6, rs.stream().map(r -> String.valueOf(r.config().unroll())).toList(),
          fit[1] / 1e9));
    }
    return out;
  }

  /** {slope, intercept} of peak bytes against the unroll length. */
  static double[] fit(List<MemoryBenchmark.Result> rs) {
    double n = rs.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (MemoryBenchmark.Result r : rs) {
      double x = r.config().unroll();
      double y = r.peakRssBytes();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {slope, (sy - slope * sx) / n};
  }
}
