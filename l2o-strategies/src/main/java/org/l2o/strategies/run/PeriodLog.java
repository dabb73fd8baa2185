package org.l2o.strategies.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.core.io.NpyArray;
import org.l2o.core.train.PeriodResult;

/**
 * The arrays of {@code log/<name>.npz} (spec §6.1, §5.7): the stack_stats of the training period, each with a
 * leading axis of the training problems P (1 for one problem) — meta_loss and imitation_loss float32
 * [P, steps], teacher_counts int32 [P, steps, K], steps being the meta-steps of one problem.
 */
public final class PeriodLog {
  private PeriodLog() {}

  /**
   * The arrays for the selected statistics, in selection order.
   *
   * @param teacherCount K, the number of teachers
   * @throws IllegalStateException if the result's arrays do not have matching lengths or teacher counts are not
   *     integers
   */
  public static Map<String, NpyArray> arrays(StatsSelection stats, PeriodResult trained, int teacherCount) {
    return arrays(stats, trained, teacherCount, 1);
  }

  /**
   * As {@link #arrays(StatsSelection, PeriodResult, int)} for a period of {@code problems} training problems whose
   * meta-steps the result holds one problem after the other.
   */
  public static Map<String, NpyArray> arrays(StatsSelection stats, PeriodResult trained, int teacherCount,
      int problems) {
    int total = trained.metaLoss().length;
    if (problems < 1 || total % problems != 0) {
      throw new IllegalStateException(total + " meta-steps do not split into " + problems + " problems");
    }
    int steps = total / problems;
    Map<String, NpyArray> out = new LinkedHashMap<>();
    for (String stat : stats.stackStats()) {
      switch (stat) {
        case "meta_loss" -> out.put(stat, NpyArray.float32(trained.metaLoss(), problems, steps));
        case "imitation_loss" -> {
          if (trained.imitationLoss().length != total) {
            throw new IllegalStateException("imitation_loss has " + trained.imitationLoss().length
                + " meta-steps, meta_loss " + total);
          }
          out.put(stat, NpyArray.float32(trained.imitationLoss(), problems, steps));
        }
        case "teacher_counts" -> out.put(stat, teacherCounts(trained.teacherCounts(), problems, steps, teacherCount));
        default -> throw new IllegalStateException("unsupported stack stat " + stat);
      }
    }
    return out;
  }

  private static NpyArray teacherCounts(float[][] counts, int problems, int perProblem, int k) {
    int steps = problems * perProblem;
    if (counts == null || counts.length != steps) {
      throw new IllegalStateException("teacher_counts has " + (counts == null ? "no" : counts.length)
          + " meta-steps, meta_loss " + steps);
    }
    int[] flat = new int[Math.multiplyExact(steps, k)];
    for (int i = 0; i < steps; i++) {
      if (counts[i].length != k) {
        throw new IllegalStateException("teacher_counts[" + i + "] has " + counts[i].length + " teachers, expected "
            + k);
      }
      for (int j = 0; j < k; j++) {
        float c = counts[i][j];
        if (c != Math.rint(c) || c < 0) {
          throw new IllegalStateException("teacher_counts[" + i + "][" + j + "] = " + c + " is not a count");
        }
        flat[i * k + j] = (int) c;
      }
    }
    return NpyArray.int32(flat, problems, perProblem, k);
  }
}
