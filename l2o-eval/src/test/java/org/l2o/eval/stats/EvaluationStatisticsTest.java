package org.l2o.eval.stats;

import static java.lang.Math.exp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.l2o.core.io.NpyArray;
import org.junit.jupiter.api.Test;

class EvaluationStatisticsTest {
  private static final Offset<Double> EPS = within(1e-14);
  private static final double NAN = Double.NaN;

  /** Two runs of three epochs whose logs are simple numbers; run 1 has NaN epochs. */
  private static EvaluationStatistics handCase() {
    double[][] loss = {{exp(-1), exp(-0.5), exp(-3)}, {exp(-2), NAN, exp(-1)}};
    double[][] val = {{1, exp(-2), exp(-1)}, {NAN, exp(-1), exp(-3)}};
    double[][] acc = {{0.5, 0.9, 0.7}, {0.1, 0.2, 0.15}};
    return EvaluationStatistics.compute(loss, val, acc);
  }

  @Test
  void handComputedStatisticsPerRun() {
    EvaluationStatistics s = handCase();
    assertThat(s.runs()).isEqualTo(2);
    assertThat(s.epochs()).isEqualTo(3);
    assertValues(s, Statistic.VAL_BEST, -2, -3); // nanmin skips the NaN epoch
    assertValues(s, Statistic.VAL_BEST_INDEX, 1, 0); // argmin is not NaN-aware: first NaN wins
    assertValues(s, Statistic.VAL_LAST, -1, -3);
    assertValues(s, Statistic.VAL_META, -1, NAN);
    assertValues(s, Statistic.TRAIN_BEST, -3, -2);
    assertValues(s, Statistic.TRAIN_BEST_INDEX, 2, 1);
    assertValues(s, Statistic.TRAIN_LAST, -3, -1);
    assertValues(s, Statistic.TRAIN_10, NAN, NAN); // fewer than 10 epochs
    assertValues(s, Statistic.TRAIN_META, -1.5, NAN); // intended: from loss, not val_loss
    assertValues(s, Statistic.ACC_BEST, 0.9, 0.2); // one maximum per run
    // SciPy: x = [1, e^-2, e^-1]; g = gaussian_filter1d(x, 2, mode="nearest", truncate=4.0);
    // np.std(np.log(g) - np.log(x)) = 0.746459857346332. Run 1 holds a NaN, so its stability is NaN.
    assertValues(s, Statistic.VAL_STABILITY, 0.746459857346332, NAN);
  }

  private static void assertValues(EvaluationStatistics s, Statistic statistic, double... expected) {
    double[] actual = s.values(statistic);
    assertThat(actual).as(statistic.key()).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      if (Double.isNaN(expected[i])) {
        assertThat(actual[i]).as(statistic.key() + "[" + i + "]").isNaN();
      } else {
        assertThat(actual[i]).as(statistic.key() + "[" + i + "]").isCloseTo(expected[i], EPS);
      }
    }
  }

  @Test
  void train10IsTheLogLossAtEpochIndexNine() {
    double[] loss = new double[12];
    for (int e = 0; e < loss.length; e++) {
      loss[e] = exp(-0.5 * e);
    }
    double[][] one = {loss};
    EvaluationStatistics s = EvaluationStatistics.compute(one, one, one);
    assertValues(s, Statistic.TRAIN_10, -4.5);
    assertValues(s, Statistic.TRAIN_LAST, -5.5);
    assertValues(s, Statistic.TRAIN_META, -0.5 * 5.5);
  }

  /** A noisy, decreasing validation loss over 25 epochs. */
  private static final double[] SEQUENCE = {2.3026, 0.5412, 0.3311, 0.2874, 0.3120, 0.2401, 0.2295, 0.2632,
      0.2104, 0.1987, 0.2216, 0.1893, 0.1811, 0.2459, 0.1760, 0.1702, 0.1745, 0.1659, 0.1998, 0.1634, 0.1612,
      0.1650, 0.1587, 0.1779, 0.1561};

  /**
   * Produced once with SciPy 1.17.1 / NumPy 2.4.6:
   * {@code python3 -c "import numpy as np; from scipy.ndimage import gaussian_filter1d;
   * x = np.array(SEQUENCE); print([float(v) for v in gaussian_filter1d(x, sigma=2, mode='nearest',
   * truncate=4.0)]); print(float(np.std(np.log(gaussian_filter1d(x, 2, mode='nearest')) - np.log(x))))"}.
   */
  private static final double[] SCIPY_SMOOTHED = {1.5460612165975718, 1.1520443448505973, 0.7905812499241778,
      0.5271456669649752, 0.3716235019401637, 0.29377386515325077, 0.2571665712000658, 0.2379343100866022,
      0.2252513587001073, 0.21569930487972774, 0.20869558637111582, 0.2038584258831439, 0.2000407393708335,
      0.19564036203261442, 0.18996782290502817, 0.18401379578362365, 0.17932477942344027, 0.17625450819297372,
      0.17381971244492758, 0.1711248230773728, 0.16832249180541795, 0.16605330598860749, 0.16442658704088287,
      0.1629240640067144, 0.16113251433111353};
  private static final double SCIPY_STABILITY = 0.27160664857208855;

  @Test
  void gaussianFilterMatchesScipy() {
    double[] smoothed = GaussianFilter1d.nearest(SEQUENCE, 2, 4);
    for (int e = 0; e < SEQUENCE.length; e++) {
      assertThat(smoothed[e]).as("epoch %d", e).isCloseTo(SCIPY_SMOOTHED[e], within(1e-15));
    }
    assertThat(EvaluationStatistics.stability(SEQUENCE)).isCloseTo(SCIPY_STABILITY, within(1e-14));
  }

  @Test
  void kernelHasSeventeenTapsProportionalToExpMinusKSquaredOverEight() {
    double[] w = GaussianFilter1d.halfKernel(2, 4);
    assertThat(w).hasSize(9);
    double total = w[0];
    for (int k = 1; k <= 8; k++) {
      assertThat(w[k] / w[0]).isCloseTo(exp(-k * k / 8.0), EPS);
      total += 2 * w[k];
    }
    assertThat(total).isCloseTo(1.0, EPS);
  }

  @Test
  void edgesRepeatTheEndValue() {
    // A unit step at epoch 0: with mode "nearest" the eight taps left of epoch 0 all read x[0] = 1
    // (mode "reflect" would give only w0 + w1), and nothing reaches epoch 9.
    double[] step = new double[20];
    step[0] = 1;
    double[] w = GaussianFilter1d.halfKernel(2, 4);
    double[] g = GaussianFilter1d.nearest(step, 2, 4);
    double leftMass = w[0] + Arrays.stream(w, 1, 9).sum();
    assertThat(g[0]).isCloseTo(leftMass, EPS);
    assertThat(g[1]).isCloseTo(Arrays.stream(w, 1, 9).sum(), EPS); // taps -8..-1 all clamp to x[0]
    assertThat(g[8]).isCloseTo(w[8], EPS);
    assertThat(g[9]).isZero();
  }

  @Test
  void constantSequenceIsPerfectlyStableAndNanPropagates() {
    double[] constant = new double[25];
    Arrays.fill(constant, 0.3);
    assertThat(EvaluationStatistics.stability(constant)).isCloseTo(0, within(1e-15));
    assertThat(EvaluationStatistics.stability(new double[] {0.7})).isZero();

    double[] withNan = SEQUENCE.clone();
    withNan[24] = NAN;
    assertThat(EvaluationStatistics.stability(withNan)).isNaN();
    double[] withInf = SEQUENCE.clone();
    withInf[3] = Double.POSITIVE_INFINITY;
    assertThat(EvaluationStatistics.stability(withInf)).isNaN();
  }

  @Test
  void stabilityGrowsWithOscillation() {
    double[] calm = new double[25];
    double[] jumpy = new double[25];
    for (int e = 0; e < 25; e++) {
      calm[e] = 1.0 / (e + 1);
      jumpy[e] = calm[e] * (e % 2 == 0 ? 1.5 : 0.75);
    }
    assertThat(EvaluationStatistics.stability(jumpy)).isGreaterThan(3 * EvaluationStatistics.stability(calm));
  }

  @Test
  void floatAndNpzInputsGiveTheSameStatistics() {
    float[][] loss = {{0.9f, 0.5f, 0.4f}, {1.1f, 0.7f, 0.2f}};
    float[][] val = {{1.0f, 0.6f, 0.65f}, {1.2f, 0.8f, 0.3f}};
    float[][] acc = {{0.7f, 0.8f, 0.82f}, {0.6f, 0.7f, 0.9f}};
    EvaluationStatistics fromFloats = EvaluationStatistics.compute(loss, val, acc);
    Map<String, NpyArray> npz = new LinkedHashMap<>();
    npz.put("batch_loss", NpyArray.float32(new float[6], 2, 3));
    npz.put(EvaluationStatistics.LOSS_KEY, NpyArray.float32(loss));
    npz.put(EvaluationStatistics.VAL_LOSS_KEY, NpyArray.float32(val));
    npz.put(EvaluationStatistics.VAL_ACCURACY_KEY, NpyArray.float32(acc));
    EvaluationStatistics fromNpz = EvaluationStatistics.fromNpz(npz);
    for (Statistic st : Statistic.values()) {
      assertThat(fromNpz.values(st)).as(st.key()).containsExactly(fromFloats.values(st));
    }
    assertThat(fromFloats.values(Statistic.VAL_BEST)[0]).isCloseTo(Math.log(0.6f), EPS);
    assertThat(fromFloats.values(Statistic.ACC_BEST)).containsExactly(0.82f, 0.9f);

    npz.remove(EvaluationStatistics.VAL_LOSS_KEY);
    assertThatThrownBy(() -> EvaluationStatistics.fromNpz(npz)).hasMessageContaining("no 'val_loss'");
  }

  @Test
  void rejectsMismatchedOrEmptyArrays() {
    double[][] a = {{1, 2}, {3, 4}};
    assertThatThrownBy(() -> EvaluationStatistics.compute(a, new double[][] {{1, 2}}, a))
        .hasMessage("val_loss has 1 runs, expected 2");
    assertThatThrownBy(() -> EvaluationStatistics.compute(a, a, new double[][] {{1, 2}, {3}}))
        .hasMessage("val_sparse_categorical_accuracy run 1 has 1 epochs, expected 2");
    assertThatThrownBy(() -> EvaluationStatistics.compute(new double[0][], a, a))
        .hasMessageContaining("at least one run");
  }

  @Test
  void runAggregateSkipsAndCountsNan() {
    RunAggregate a = RunAggregate.of(new double[] {1, 2, 3, NAN});
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.nanCount()).isEqualTo(1);
    assertThat(a.mean()).isEqualTo(2);
    assertThat(a.std()).isCloseTo(Math.sqrt(2.0 / 3), EPS);
    assertThat(a.min()).isEqualTo(1);
    assertThat(a.max()).isEqualTo(3);
    RunAggregate none = RunAggregate.of(new double[] {NAN, NAN});
    assertThat(none.validCount()).isZero();
    assertThat(none.mean()).isNaN();
    assertThat(handCase().aggregate(Statistic.VAL_LAST).mean()).isCloseTo(-2, EPS);
  }

  @Test
  void replicateAggregateIsMeanPlusMinusTwoStandardErrorsOfReplicateMeans() {
    // Replicate means 2, 2, 6 (the NaN run is skipped); the all-NaN replicate is left out.
    ReplicateAggregate r = ReplicateAggregate.ofValues(java.util.List.of(
        new double[] {1, 3}, new double[] {2, 2}, new double[] {6, NAN}, new double[] {NAN, NAN}));
    assertThat(r.replicates()).isEqualTo(3);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.mean()).isCloseTo(10.0 / 3, EPS);
    // var(ddof 0) = ((4/3)^2 + (4/3)^2 + (8/3)^2) / 3 = 32/9; stderr = sqrt(32/9 / 3)
    assertThat(r.stderr()).isCloseTo(Math.sqrt(32.0 / 27), EPS);
    assertThat(r.lower()).isCloseTo(10.0 / 3 - 2 * Math.sqrt(32.0 / 27), EPS);
    assertThat(r.upper()).isCloseTo(10.0 / 3 + 2 * Math.sqrt(32.0 / 27), EPS);

    ReplicateAggregate fromStats = ReplicateAggregate.of(java.util.List.of(handCase(), handCase()), Statistic.VAL_BEST);
    assertThat(fromStats.mean()).isCloseTo(-2.5, EPS);
    assertThat(fromStats.stderr()).isZero();
  }

  @Test
  void statisticKeysMatchTheOriginalNames() {
    assertThat(Arrays.stream(Statistic.values()).map(Statistic::key)).containsExactly("val_best", "val_best_index",
        "val_last", "val_meta", "val_stability", "train_best", "train_best_index", "train_last", "train_10",
        "train_meta", "acc_best");
    assertThat(Statistic.fromKey("val_stability")).isEqualTo(Statistic.VAL_STABILITY);
    assertThatThrownBy(() -> Statistic.fromKey("nope")).hasMessageContaining("'nope'");
  }
}
