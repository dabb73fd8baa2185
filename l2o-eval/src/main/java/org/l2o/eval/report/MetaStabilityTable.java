package org.l2o.eval.report;

import java.util.List;
import java.util.Locale;
import org.l2o.eval.stats.Interval;
import org.l2o.eval.stats.RandomInterceptFit;

/**
 * Markdown table of the meta-stability fits of a problem ({@link MetaStability}): per configuration its
 * magnitude, replicates and runs used, the mean with its 95% t interval, the replicate SD (meta-stability) and
 * the residual SD (evaluation stability) with their 95% profile-likelihood intervals.
 */
public final class MetaStabilityTable {
  /** Significant digits of every number. */
  static final int DIGITS = 4;

  private MetaStabilityTable() {}

  /** The table; a configuration without a fit has its reason in place of the numbers. */
  public static String toMarkdown(List<MetaStability> rows) {
    StringBuilder out = new StringBuilder("| configuration | magnitude | replicates | runs | mean [95% CI]"
        + " | meta-stability: replicate SD [95% CI] | evaluation stability: residual SD [95% CI] |\n"
        + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (MetaStability m : rows) {
      out.append("| ").append(m.entry().label().replace("|", "\\|")).append(" | ")
          .append(m.magnitude().known() ? Magnitude.format(m.magnitude().value()) : "?").append(" | ");
      if (m.fit().isEmpty()) {
        out.append(m.entry().replicates().size()).append(" | ").append(m.entry().totalRuns() - m.leftOutRuns())
            .append(" | not fitted: ").append(m.reason().replace("|", "\\|")).append(" | | |\n");
        continue;
      }
      RandomInterceptFit f = m.fit().get();
      out.append(f.groups()).append(" | ").append(f.observations())
          .append(m.leftOutRuns() > 0 ? " (" + m.leftOutRuns() + " non-finite left out)" : "").append(" | ")
          .append(cell(f.mean(), f.meanInterval())).append(" | ").append(cell(f.groupSd(), f.groupSdInterval()))
          .append(" | ").append(cell(f.residualSd(), f.residualSdInterval())).append(" |\n");
    }
    return out.toString();
  }

  /** {@code estimate [low, high]} to {@link #DIGITS} significant digits. */
  static String cell(double estimate, Interval interval) {
    return number(estimate) + " [" + number(interval.low()) + ", " + number(interval.high()) + "]";
  }

  private static String number(double v) {
    return v == 0 ? "0" : String.format(Locale.ROOT, "%." + DIGITS + "g", v);
  }
}
