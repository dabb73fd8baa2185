package org.l2o.eval.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.l2o.core.io.NpyArray;

/**
 * The per-run statistics of one evaluation file (spec §9.4 with the exact definitions of §17),
 * computed from arrays of shape [R, E] (evaluation runs x epochs).
 *
 * <p>For each run r, with all logarithms natural:
 * <ul>
 *   <li>{@code val_best} = ln(nanmin_e val_loss), {@code train_best} = ln(nanmin_e loss): NaN epochs
 *       are skipped; NaN only if every epoch is NaN.</li>
 *   <li>{@code val_best_index}, {@code train_best_index} = NumPy argmin over epochs, which is
 *       <em>not</em> NaN-aware: the index of the first NaN if there is one, else the first index of
 *       the minimum. Kept as in the original so indices agree; note that it can disagree with the
 *       NaN-skipping {@code *_best} of the same run.</li>
 *   <li>{@code val_last} = ln val_loss[E-1], {@code train_last} = ln loss[E-1],
 *       {@code train_10} = ln loss[9] (NaN when E &lt; 10).</li>
 *   <li>{@code val_meta} = mean_e ln val_loss; {@code train_meta} = mean_e ln loss. <b>Deviation:</b>
 *       the original computes train_meta from val_loss (a bug, spec §9.4); this is the intended
 *       statistic.</li>
 *   <li>{@code val_stability} = population standard deviation (ddof 0) over e of
 *       ln G2(val_loss)_e - ln val_loss_e, where G2 is {@link GaussianFilter1d} with sigma 2,
 *       truncate 4, mode "nearest", applied to the raw loss. A NaN anywhere in the run gives NaN.</li>
 *   <li>{@code acc_best} = max_e val accuracy of the run (NaN propagates, like np.max).
 *       <b>Deviation:</b> the original takes one maximum over all runs of the file (spec §9.4);
 *       here it is per run like every other statistic, and its maximum over runs is
 *       {@link RunAggregate#max()}.</li>
 * </ul>
 * Everything is computed in double precision; the original's NumPy code works in float32 on the
 * float32 evaluation arrays, so its values may differ in about the 7th significant digit.
 */
public final class EvaluationStatistics {
  /** Key of the per-epoch training loss in an evaluation npz (spec §9.2). */
  public static final String LOSS_KEY = "loss";
  /** Key of the per-epoch test loss in an evaluation npz. */
  public static final String VAL_LOSS_KEY = "val_loss";
  /** Key of the per-epoch test accuracy in an evaluation npz. */
  public static final String VAL_ACCURACY_KEY = "val_sparse_categorical_accuracy";
  /** Width of the Gaussian smoothing of the stability statistic, in epochs. */
  public static final double STABILITY_SIGMA = 2.0;
  /** Kernel half-width of the smoothing in units of sigma (SciPy's default). */
  public static final double STABILITY_TRUNCATE = 4.0;

  private final int runs;
  private final int epochs;
  private final Map<Statistic, double[]> values;

  private EvaluationStatistics(int runs, int epochs, Map<Statistic, double[]> values) {
    this.runs = runs;
    this.epochs = epochs;
    this.values = values;
  }

  /**
   * Computes all statistics.
   *
   * @param loss        training loss [R][E]
   * @param valLoss     test loss [R][E]
   * @param valAccuracy test accuracy [R][E]
   * @throws IllegalArgumentException if the arrays are empty, ragged or of different shapes
   */
  public static EvaluationStatistics compute(double[][] loss, double[][] valLoss, double[][] valAccuracy) {
    if (loss == null) {
      throw new IllegalArgumentException(LOSS_KEY + " is missing");
    }
    int runs = loss.length;
    if (runs == 0 || loss[0].length == 0) {
      throw new IllegalArgumentException("need at least one run and one epoch, got loss of " + runs + " runs"
          + (runs == 0 ? "" : " x " + loss[0].length + " epochs"));
    }
    int epochs = loss[0].length;
    checkShape(LOSS_KEY, loss, runs, epochs);
    checkShape(VAL_LOSS_KEY, valLoss, runs, epochs);
    checkShape(VAL_ACCURACY_KEY, valAccuracy, runs, epochs);

    Map<Statistic, double[]> out = new EnumMap<>(Statistic.class);
    for (Statistic s : Statistic.values()) {
      out.put(s, new double[runs]);
    }
    for (int r = 0; r < runs; r++) {
      double[] train = loss[r];
      double[] val = valLoss[r];
      out.get(Statistic.VAL_BEST)[r] = Math.log(nanMin(val));
      out.get(Statistic.VAL_BEST_INDEX)[r] = argMin(val);
      out.get(Statistic.VAL_LAST)[r] = Math.log(val[epochs - 1]);
      out.get(Statistic.VAL_META)[r] = meanLog(val);
      out.get(Statistic.VAL_STABILITY)[r] = stability(val);
      out.get(Statistic.TRAIN_BEST)[r] = Math.log(nanMin(train));
      out.get(Statistic.TRAIN_BEST_INDEX)[r] = argMin(train);
      out.get(Statistic.TRAIN_LAST)[r] = Math.log(train[epochs - 1]);
      out.get(Statistic.TRAIN_10)[r] = epochs >= 10 ? Math.log(train[9]) : Double.NaN;
      out.get(Statistic.TRAIN_META)[r] = meanLog(train);
      out.get(Statistic.ACC_BEST)[r] = max(valAccuracy[r]);
    }
    return new EvaluationStatistics(runs, epochs, out);
  }

  /** {@link #compute(double[][], double[][], double[][])} for float32 arrays (widened exactly). */
  public static EvaluationStatistics compute(float[][] loss, float[][] valLoss, float[][] valAccuracy) {
    return compute(widen(loss), widen(valLoss), widen(valAccuracy));
  }

  /**
   * Computes the statistics of an evaluation npz (spec §9.2 schema): the [R, E] arrays under
   * {@link #LOSS_KEY}, {@link #VAL_LOSS_KEY} and {@link #VAL_ACCURACY_KEY}; other keys are ignored.
   *
   * @throws IllegalArgumentException if a key is missing or an array is not 2-d
   */
  public static EvaluationStatistics fromNpz(Map<String, NpyArray> arrays) {
    return compute(matrix(arrays, LOSS_KEY), matrix(arrays, VAL_LOSS_KEY), matrix(arrays, VAL_ACCURACY_KEY));
  }

  /**
   * Optimisation stability of one run: population std over epochs of
   * ln G2(valLoss) - ln valLoss (NaN if any value is NaN; 0 for a constant or one-epoch run).
   */
  public static double stability(double[] valLoss) {
    double[] smooth = GaussianFilter1d.nearest(valLoss, STABILITY_SIGMA, STABILITY_TRUNCATE);
    double[] d = new double[valLoss.length];
    for (int e = 0; e < d.length; e++) {
      d[e] = Math.log(smooth[e]) - Math.log(valLoss[e]);
    }
    return Moments.populationStd(d, Moments.mean(d), false);
  }

  /** Number of evaluation runs R. */
  public int runs() {
    return runs;
  }

  /** Number of epochs E. */
  public int epochs() {
    return epochs;
  }

  /** The value of {@code statistic} for every run (a copy, length R). */
  public double[] values(Statistic statistic) {
    return values.get(statistic).clone();
  }

  /** Mean, std, min and max of {@code statistic} over the runs. */
  public RunAggregate aggregate(Statistic statistic) {
    return RunAggregate.of(values.get(statistic));
  }

  /** All statistics, per run, keyed in {@link Statistic} order (arrays are copies). */
  public Map<Statistic, double[]> asMap() {
    Map<Statistic, double[]> copy = new EnumMap<>(Statistic.class);
    values.forEach((k, v) -> copy.put(k, v.clone()));
    return Collections.unmodifiableMap(copy);
  }

  private static double nanMin(double[] x) {
    double min = Double.NaN;
    for (double v : x) {
      if (!Double.isNaN(v) && (Double.isNaN(min) || v < min)) {
        min = v;
      }
    }
    return min;
  }

  /** NumPy argmin semantics: NaN counts as the minimum, ties go to the first index. */
  private static int argMin(double[] x) {
    int best = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        return i;
      }
      if (x[i] < x[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double meanLog(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += Math.log(v);
    }
    return sum / x.length;
  }

  /** np.max semantics: NaN if any value is NaN. */
  private static double max(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      max = Math.max(max, v);
    }
    return max;
  }

  private static void checkShape(String name, double[][] a, int runs, int epochs) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    if (a.length != runs) {
      throw new IllegalArgumentException(name + " has " + a.length + " runs, expected " + runs);
    }
    for (int r = 0; r < runs; r++) {
      if (a[r].length != epochs) {
        throw new IllegalArgumentException(name + " run " + r + " has " + a[r].length + " epochs, expected " + epochs);
      }
    }
  }

  private static double[][] widen(float[][] a) {
    if (a == null) {
      return null;
    }
    double[][] out = new double[a.length][];
    for (int r = 0; r < a.length; r++) {
      out[r] = new double[a[r].length];
      for (int e = 0; e < a[r].length; e++) {
        out[r][e] = a[r][e];
      }
    }
    return out;
  }

  private static double[][] matrix(Map<String, NpyArray> arrays, String key) {
    NpyArray a = arrays.get(key);
    if (a == null) {
      throw new IllegalArgumentException("evaluation arrays have no '" + key + "' (keys: " + arrays.keySet() + ")");
    }
    if (a.rank() != 2) {
      throw new IllegalArgumentException("'" + key + "' should be [runs, epochs] but is " + a);
    }
    return a.toDoubleMatrix();
  }
}
