package org.l2o.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where the time of a meta-step goes, by differences between timed configurations of the same unroll
 * length: the forward unroll (forward-only graph) against the meta-backward (training graph minus forward),
 * the teachers' share (with teachers minus without), the cost of second order, the one-off cost of graph
 * building and the first run, and the host's share for drawing the data.
 *
 * <p>Differences are taken in Adam steps per inner step ({@link MetaStepBenchmark.Result#ratioToAdam()}):
 * every configuration is divided by the Adam step timed alongside it, so a change of the other load on a
 * shared machine between two configurations, which can change their wall times by 2x, cancels out.
 * Milliseconds are these figures times the median Adam step of the whole run.
 */
public final class TimeBreakdown {
  private TimeBreakdown() {}

  /** One sentence per finding, in order of unroll length; empty when nothing can be compared. */
  public static List<String> lines(List<MetaStepBenchmark.Result> timing, double adamMedianMs) {
    List<String> out = new ArrayList<>();
    TreeSet<Integer> unrolls = new TreeSet<>();
    timing.forEach(r -> unrolls.add(r.config().unroll()));
    for (int u : unrolls) {
      for (int k : new int[] {0, 2, 1}) {
        Optional<MetaStepBenchmark.Result> fwd = MetaBenchGoals.find(timing, MetaStepConfig.forward(u, k));
        Optional<MetaStepBenchmark.Result> first = MetaBenchGoals.find(timing, MetaStepConfig.train(u, k, false));
        Optional<MetaStepBenchmark.Result> second = MetaBenchGoals.find(timing, MetaStepConfig.train(u, k, true));
        String who = k == 0 ? "student alone" : "student+" + k;
        if (fwd.isPresent() && first.isPresent()) {
          out.add(backward(u, who, "1st order", fwd.get(), first.get(), adamMedianMs));
        }
        if (fwd.isPresent() && second.isPresent()) {
          out.add(backward(u, who, "2nd order", fwd.get(), second.get(), adamMedianMs));
        }
        if (first.isPresent() && second.isPresent()) {
          double a = first.get().ratioToAdam();
          double b = second.get().ratioToAdam();
          out.add(String.format("U=%d %s: 2nd order adds %.2f Adam steps (%.1f ms) per inner step, %.2fx the"
              + " 1st-order step.", u, who, b - a, (b - a) * adamMedianMs, b / a));
        }
      }
      for (String mode : new String[] {"forward", "1st order", "2nd order"}) {
        Optional<MetaStepBenchmark.Result> alone = find(timing, u, 0, mode);
        Optional<MetaStepBenchmark.Result> two = find(timing, u, 2, mode);
        if (alone.isPresent() && two.isPresent()) {
          double a = alone.get().ratioToAdam();
          double b = two.get().ratioToAdam();
          out.add(String.format("U=%d %s: two teachers add %.2f Adam steps per inner step (%.2f per teacher,"
              + " %.1f ms), %.0f%% of the step with teachers.", u, mode, b - a, (b - a) / 2,
              (b - a) / 2 * adamMedianMs, 100 * (b - a) / b));
        }
      }
    }
    for (MetaStepBenchmark.Result r : timing) {
      Optional<MetaStepBenchmark.Result> whole = r.config().segmentLength() == 0 ? Optional.empty()
          : MetaBenchGoals.find(timing, r.config().withSegmentLength(0));
      if (whole.isPresent()) {
        double a = whole.get().ratioToAdam();
        double b = r.ratioToAdam();
        out.add(String.format("%s: recomputing the segments adds %.2f Adam steps (%.1f ms) per inner step, %.2fx the"
            + " step of whole windows.", r.config().label(), b - a, (b - a) * adamMedianMs, b / a));
      }
    }
    for (MetaStepBenchmark.Result r : timing) {
      out.add(String.format("%s: build %.2f s, first run %.2f s (%.1fx a steady window), drawing a window's inputs"
          + " on the host %.1f ms (%.1f%% of the window, not included in it).", r.config().label(), r.buildSeconds(),
          r.firstRunSeconds(), r.firstRunSeconds() / r.secondsPerWindow(), r.sampleSecondsPerWindow() * 1000,
          100 * r.sampleSecondsPerWindow() / r.secondsPerWindow()));
    }
    return out;
  }

  private static String backward(int u, String who, String order, MetaStepBenchmark.Result fwd,
      MetaStepBenchmark.Result train, double adamMedianMs) {
    double f = fwd.ratioToAdam();
    double t = train.ratioToAdam();
    return String.format("U=%d %s, %s: the forward unroll is %.2f Adam steps per inner step, %.0f%% of the"
        + " training step (%.2f Adam steps); the meta-backward and update take the other %.0f%% (%.2f Adam steps,"
        + " %.1f ms).", u, who, order, f, 100 * f / t, t, 100 * (t - f) / t, t - f, (t - f) * adamMedianMs);
  }

  private static Optional<MetaStepBenchmark.Result> find(List<MetaStepBenchmark.Result> timing, int u, int k,
      String mode) {
    MetaStepConfig c = switch (mode) {
      case "forward" -> MetaStepConfig.forward(u, k);
      case "1st order" -> MetaStepConfig.train(u, k, false);
      default -> MetaStepConfig.train(u, k, true);
    };
    return MetaBenchGoals.find(timing, c);
  }
}
