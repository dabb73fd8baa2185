package org.l2o.eval.stats;

import static java.lang.Math.exp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTableTest {
  /** One-epoch runs: stability is exactly 0 and the logs are the exponents. */
  private static EvaluationStatistics adam() {
    return EvaluationStatistics.compute(
        new double[][] {{exp(-1)}, {exp(-3)}},
        new double[][] {{exp(-2)}, {exp(-4)}},
        new double[][] {{0.5}, {0.7}});
  }

  /** Three runs, the second diverged (NaN validation loss). */
  private static EvaluationStatistics student() {
    return EvaluationStatistics.compute(
        new double[][] {{exp(-2)}, {exp(-2)}, {exp(-2)}},
        new double[][] {{exp(-1)}, {Double.NaN}, {exp(-2)}},
        new double[][] {{0.9}, {0.8}, {0.85}});
  }

  @Test
  void plainTextIsAlignedWithMeanPlusMinusStd() {
    String text = new StatisticsTable("optimizer").add("adam", adam()).add("rnnprop|x", student()).toText();
    assertThat(text).isEqualTo(String.join("\n",
        "optimizer  val_best                  val_last                  val_stability            train_last"
            + "        acc_best",
        "---------  ------------------------  ------------------------  -----------------------  ----------------"
            + "  ---------------",
        "adam       -3.0000 ± 1.0000          -3.0000 ± 1.0000          0.0000 ± 0.0000          -2.0000 ± 1.0000"
            + "  0.6000 ± 0.1000",
        "rnnprop|x  -1.5000 ± 0.5000 (1 NaN)  -1.5000 ± 0.5000 (1 NaN)  0.0000 ± 0.0000 (1 NaN)  -2.0000 ± 0.0000"
            + "  0.8500 ± 0.0408",
        ""));
  }

  @Test
  void markdownHasOneRowPerResultAndEscapesPipes() {
    String md = new StatisticsTable("optimizer", List.of(Statistic.VAL_BEST, Statistic.ACC_BEST), 2)
        .add("adam", adam()).add("rnnprop|x", student()).toMarkdown();
    assertThat(md).isEqualTo(
        "| optimizer | val_best | acc_best |\n"
            + "|---|---:|---:|\n"
            + "| adam | -3.00 ± 1.00 | 0.60 ± 0.10 |\n"
            + "| rnnprop\\|x | -1.50 ± 0.50 (1 NaN) | 0.85 ± 0.04 |\n");
  }

  @Test
  void alignsPlusMinusSignsWhenWidthsDifferAndShowsAllNanCells() {
    EvaluationStatistics wide = EvaluationStatistics.compute(
        new double[][] {{exp(-12)}, {exp(-14)}}, new double[][] {{Double.NaN}, {Double.NaN}},
        new double[][] {{0.5}, {0.5}});
    String text = new StatisticsTable("run", List.of(Statistic.TRAIN_LAST, Statistic.VAL_LAST), 1)
        .add("a", adam()).add("b", wide).toText();
    assertThat(text).isEqualTo(
        "run  train_last   val_last\n"
            + "---  -----------  ----------\n"
            + "a     -2.0 ± 1.0  -3.0 ± 1.0\n"
            + "b    -13.0 ± 1.0  nan\n");
  }

  @Test
  void rejectsEmptyColumnsAndBadDecimals() {
    assertThatThrownBy(() -> new StatisticsTable("x", List.of(), 3)).hasMessageContaining("at least one column");
    assertThatThrownBy(() -> new StatisticsTable("x", StatisticsTable.DEFAULT_COLUMNS, -1))
        .hasMessageContaining("decimals");
  }
}
