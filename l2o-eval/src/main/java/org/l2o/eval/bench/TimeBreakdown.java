package org.l2o.eval.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where the time of a meta-step goes, by differences between timed configurations of the same unroll
 * length: the forward unroll (forward-only graph) against the meta-backward (training graph minus
 * forward), the teachers' share (with teachers minus without), the cost of second order, the one-off cost
 * of graph building and the first run, and the host's share for drawing the data. Differences use the
 * median wall time per window; they are meaningful when the configurations compared were timed in
 * interleaved rounds ({@link MetaStepBenchmark.Settings#interleave()}), since the wall time of runs minutes
 * apart on a shared machine can differ by the other load alone.
 */
public final class TimeBreakdown {
  private TimeBreakdown() {}

  /** The seconds compared: the median wall seconds per window. */
  static double seconds(MetaStepBenchmark.Result r) {
    return r.secondsPerWindow();
  }

  /** One sentence per finding, in order of unroll length; empty when nothing can be compared. */
  public static List<String> lines(List<MetaStepBenchmark.Result> timing) {
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
          out.add(backward(u, who, "1st order", fwd.get(), first.get()));
        }
        if (fwd.isPresent() && second.isPresent()) {
          out.add(backward(u, who, "2nd order", fwd.get(), second.get()));
        }
        if (first.isPresent() && second.isPresent()) {
          double extra = seconds(second.get()) - seconds(first.get());
          out.add(String.format("U=%d %s: 2nd order adds %.3f s per window (%.2fx the 1st-order window, %.2f Adam"
              + " steps per inner step).", u, who, extra, seconds(second.get()) / seconds(first.get()),
              extra * 1000 / u / adamMs(second.get())));
        }
      }
      for (String mode : new String[] {"forward", "1st order", "2nd order"}) {
        Optional<MetaStepBenchmark.Result> alone = find(timing, u, 0, mode);
        Optional<MetaStepBenchmark.Result> two = find(timing, u, 2, mode);
        if (alone.isPresent() && two.isPresent()) {
          double extra = seconds(two.get()) - seconds(alone.get());
          out.add(String.format("U=%d %s: two teachers add %.3f s per window, %.0f%% of the window with teachers"
              + " (%.2f ms = %.2f Adam steps per teacher and inner step).", u, mode, extra,
              100 * extra / seconds(two.get()), extra * 1000 / u / 2, extra * 1000 / u / 2 / adamMs(two.get())));
        }
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
      MetaStepBenchmark.Result train) {
    double f = seconds(fwd);
    double t = seconds(train);
    return String.format("U=%d %s, %s: forward unroll %.3f s (%.2f Adam steps per inner step) = %.0f%% of the"
        + " training window (%.3f s); the meta-backward and update take the other %.0f%% (%.3f s, %.2f Adam steps"
        + " per inner step).", u, who, order, f, f * 1000 / u / adamMs(fwd), 100 * f / t, t, 100 * (t - f) / t,
        t - f, (t - f) * 1000 / u / adamMs(train));
  }

  /** The Adam step of the same measurement, in milliseconds. */
  private static double adamMs(MetaStepBenchmark.Result r) {
    return r.adamMsPerStep();
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
