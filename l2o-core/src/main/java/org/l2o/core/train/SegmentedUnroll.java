package org.l2o.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.problem.Problem;
import org.tensorflow.ndarray.Shape;

/**
 * A TRAIN window run in segments of at most {@code segmentLength} steps, so that its memory grows with the segment
 * and not with the unroll (recomputation): a forward run of every segment but the last keeps only the segment's
 * boundary (the trajectories where it starts) and the values no meta-gradient goes through: the teachers' parameters
 * after each step, the losses at the window's start (the scaled objective's reference) and, in first order, the
 * student's inner losses and gradients. Then the segments are differentiated from the last to the first, each
 * recomputing the student's forward pass from its boundary with those values fed instead of computed, seeded with the
 * adjoints of its outgoing student trajectory that the later segments computed. The meta-gradient is
 * the whole-window graph's, up to float rounding of sums taken in another order; the losses and trajectories are
 * the same.
 *
 * <p>Cost: the student's forward pass of every segment but the last runs twice (in first order only its rule, not
 * the optimizee); the teachers and the start losses once.
 */
public final class SegmentedUnroll implements WindowGraph {
  private final int unroll;
  private final int length;
  private final int count;
  private final UnrollGraph body;
  private final UnrollGraph tail;

  /**
   * Builds the segment graphs: {@code ceil(unroll / segmentLength)} segments of equal length but the last, which
   * may be shorter (so at most two graphs).
   *
   * @param problem the optimizee
   * @param studentRule the student policy
   * @param teacherSpecs the teachers, in order
   * @param transform how the fed student weights are turned into the weights the policy reads
   * @param unroll the window length U
   * @param segmentLength the most steps a segment holds, at least 1 and less than {@code unroll}
   * @param options the loss settings
   */
  public SegmentedUnroll(Problem problem, UpdateRule studentRule, List<TeacherSpec> teacherSpecs,
      WeightTransform transform, int unroll, int segmentLength, UnrollOptions options) {
    if (segmentLength < 1 || segmentLength >= unroll) {
      throw new IllegalArgumentException("segment length must be between 1 and " + (unroll - 1) + " for an unroll of "
          + unroll + ", got " + segmentLength);
    }
    this.unroll = unroll;
    this.count = (unroll + segmentLength - 1) / segmentLength;
    this.length = (unroll + count - 1) / count;
    int tailLength = unroll - (count - 1) * length;
    this.body = new UnrollGraph(problem, studentRule, teacherSpecs, transform, length, UnrollGraph.Mode.TRAIN,
        options, false, true);
    UnrollGraph last = body;
    if (tailLength != length) {
      try {
        last = new UnrollGraph(problem, studentRule, teacherSpecs, transform, tailLength, UnrollGraph.Mode.TRAIN,
            options, false, true);
      } catch (RuntimeException e) {
        body.close();
        throw e;
      }
    }
    this.tail = last;
  }

  /**
   * Number of segments of a window.
   *
   * @return the number of segments, {@code ceil(unroll / segmentLength)}
   */
  public int segments() {
    return count;
  }

  /**
   * Steps of every segment but the last (which may be shorter).
   *
   * @return the segment length
   */
  public int segmentLength() {
    return length;
  }

  @Override
  public UnrollGraph.WindowOutput run(UnrollGraph.WindowInput in) {
    Trajectory windowStart = in.trajectories().get(0);
    List<List<Trajectory>> starts = new ArrayList<>();
    List<Boolean> alive = new ArrayList<>();
    List<List<HostTensor>> recorded = new ArrayList<>();
    Sums sums = new Sums();
    List<Trajectory> current = in.trajectories();
    boolean live = true;
    for (int j = 0; j < count - 1; j++) {
      starts.add(current);
      alive.add(live);
      UnrollGraph.SegmentResult r = body.runSegment(in.withTrajectories(current),
          new UnrollGraph.Segment(j * length, unroll, live, windowStart, null, null));
      sums.add(r.window());
      recorded.add(r.recorded());
      current = r.window().trajectories();
      live = r.alive();
    }
    // The last segment runs forward and backward at once, its teachers computed; nothing follows its boundary.
    UnrollGraph.SegmentResult last = tail.runSegment(in.withTrajectories(current),
        new UnrollGraph.Segment((count - 1) * length, unroll, live, windowStart, null, zeros(tail.boundarySpecs())));
    sums.add(last.window());
    Map<String, float[]> gradients = new LinkedHashMap<>();
    last.window().gradients().forEach((name, g) -> gradients.put(name, g.clone()));
    List<HostTensor> adjoints = last.boundaryGradients();
    for (int j = count - 2; j >= 0; j--) {
      UnrollGraph.SegmentResult r = body.runSegment(in.withTrajectories(starts.get(j)),
          new UnrollGraph.Segment(j * length, unroll, alive.get(j), windowStart, recorded.get(j), adjoints));
      recorded.set(j, null); // the largest host values of a window: free them as soon as they are used
      r.window().gradients().forEach((name, g) -> {
        float[] total = gradients.get(name);
        for (int i = 0; i < total.length; i++) {
          total[i] += g[i];
        }
      });
      adjoints = r.boundaryGradients();
    }
    return new UnrollGraph.WindowOutput(last.window().trajectories(), sums.meta, sums.imitation, sums.counts,
        sums.distances(), sums.counted, gradients, null);
  }

  private static List<HostTensor> zeros(List<Shape> shapes) {
    List<HostTensor> out = new ArrayList<>();
    shapes.forEach(s -> out.add(HostTensor.of(s, new float[Math.toIntExact(s.size())])));
    return out;
  }

  /** The window's losses and counts, summed over its segments in step order. */
  private static final class Sums {
    float meta;
    float imitation;
    float[] counts;
    int counted;
    final List<float[]> distances = new ArrayList<>();

    void add(UnrollGraph.WindowOutput out) {
      meta += out.metaLoss();
      imitation += out.imitationLoss();
      counted += out.countedSteps();
      if (counts == null) {
        counts = out.teacherCounts().clone();
      } else {
        for (int k = 0; k < counts.length; k++) {
          counts[k] += out.teacherCounts()[k];
        }
      }
      distances.add(out.teacherDistances());
    }

    float[] distances() {
      int n = 0;
      for (float[] d : distances) {
        n += d.length;
      }
      float[] all = new float[n];
      int at = 0;
      for (float[] d : distances) {
        System.arraycopy(d, 0, all, at, d.length);
        at += d.length;
      }
      return all;
    }
  }

  @Override
  public int unroll() {
    return unroll;
  }

  @Override
  public UnrollGraph.Mode mode() {
    return UnrollGraph.Mode.TRAIN;
  }

  @Override
  public long operationCount() {
    return body.operationCount() + (tail == body ? 0 : tail.operationCount());
  }

  @Override
  public void close() {
    try {
      body.close();
    } finally {
      if (tail != body) {
        tail.close();
      }
    }
  }
}
