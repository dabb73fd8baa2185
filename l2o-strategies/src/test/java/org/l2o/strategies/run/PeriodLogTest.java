package org.l2o.strategies.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.core.io.NpyArray;
import org.l2o.core.train.PeriodResult;

/** log/<name>.npz arrays: a leading axis of the training problems (spec §5.1, §5.7). */
class PeriodLogTest {

  private static final StatsSelection STATS = new StatsSelection(List.of("meta_loss"),
      List.of("meta_loss", "imitation_loss", "teacher_counts"));

  private static PeriodResult result(int steps) {
    float[] meta = new float[steps];
    float[] imitation = new float[steps];
    float[][] counts = new float[steps][];
    for (int i = 0; i < steps; i++) {
      meta[i] = i;
      imitation[i] = 10 + i;
      counts[i] = new float[] {i, 1};
    }
    return new PeriodResult(meta, imitation, counts, 0, new int[2], 1.0);
  }

  @Test
  void twoProblemsStackTheirMetaStepsAsRows() {
    Map<String, NpyArray> a = PeriodLog.arrays(STATS, result(6), 2, 2);
    assertThat(a.get("meta_loss").shape()).containsExactly(2L, 3L);
    assertThat(a.get("meta_loss").floats()).containsExactly(0, 1, 2, 3, 4, 5); // row 1: problem 1's steps
    assertThat(a.get("imitation_loss").shape()).containsExactly(2L, 3L);
    assertThat(a.get("teacher_counts").shape()).containsExactly(2L, 3L, 2L);
    assertThat(PeriodLog.arrays(STATS, result(6), 2).get("meta_loss").shape()).containsExactly(1L, 6L);
  }

  @Test
  void stepsThatDoNotSplitIntoTheProblemsAreRefused() {
    assertThatThrownBy(() -> PeriodLog.arrays(STATS, result(5), 2, 2)).hasMessageContaining("5 meta-steps")
        .hasMessageContaining("2 problems");
  }
}
