package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.Npz;
import org.l2o.eval.stats.Statistic;

/**
 * {@code l2o report}'s meta-stability fit on real evaluation results: three tiny RNNProp replicates meta-trained
 * and evaluated (2 runs of 1 epoch on mlp_train) through the real CLI, reported as two configurations that share
 * a replicate; the table is checked against the closed-form REML (ANOVA) estimators of the balanced design,
 * computed here from the evaluation files.
 */
class MetaStabilityReportEndToEndTest {
  @TempDir Path tmp;

  private static CliRun train(Path dir, int seed) {
    return CliRun.of("train", "--presets=conv_train", "--strategy=simple", "--directory=" + dir, "--seed=" + seed,
        "--strategy/num_periods=1", "--strategy/unroll_len=2", "--strategy/depth=1", "--strategy/epochs=1",
        "--strategy/validation_unroll=2", "--strategy/validation_depth=1", "--strategy/validation_epochs=1");
  }

  @Test
  void reportFitsTheReplicatesOfRealEvaluations() throws IOException {
    Path[] reps = {tmp.resolve("runs/1"), tmp.resolve("runs/2"), tmp.resolve("runs/3")};
    for (int i = 0; i < reps.length; i++) {
      CliRun t = train(reps[i], i + 1);
      assertThat(t.status()).as(t.transcript()).isZero();
    }
    CliRun eval = CliRun.of("evaluate", "--problem=mlp_train", "--repeat=2", "--epochs=1",
        "--directory=" + reps[0] + "," + reps[1] + "," + reps[2]);
    assertThat(eval.status()).as(eval.transcript()).isZero();

    Path out = tmp.resolve("report");
    CliRun report = CliRun.of("report", "--baseline-dir=" + tmp, "--method=a=" + reps[0] + "," + reps[1],
        "--method=b=" + reps[1] + "," + reps[2], "--magnitude=b=0.001", "--output=" + out);
    assertThat(report.status()).as(report.transcript()).isZero();
    String md = Files.readString(out.resolve("report.md"));
    // a: no perturbation in its config.json, so magnitude 0; b: given
    assertThat(md).containsPattern(row("a", "0", reps[0], reps[1])).containsPattern(row("b", "0.001", reps[1], reps[2]))
        .contains("](mlp_train/meta_stability.png)");
    assertThat(out.resolve("mlp_train/meta_stability.png")).isRegularFile();

    // another statistic (a bad one is refused in the next test)
    Path out2 = tmp.resolve("report2");
    CliRun val = CliRun.of("report", "--baseline-dir=" + tmp, "--method=a=" + reps[0] + "," + reps[1],
        "--lme-statistic=val_best", "--output=" + out2);
    assertThat(val.status()).as(val.transcript()).isZero();
    assertThat(Files.readString(out2.resolve("report.md"))).contains("Meta-stability of `val_best`");
  }

  @Test
  void badOptionsAreRefusedBeforeAnythingIsWritten() {
    Path out = tmp.resolve("report");
    CliRun bad = CliRun.of("report", "--method=a=" + tmp, "--lme-statistic=train_final", "--output=" + out);
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).contains("--lme-statistic 'train_final': no such statistic; one of val_best,",
        "train_last", "acc_best");
    CliRun unknown = CliRun.of("report", "--method=a=" + tmp, "--magnitude=b=0.1", "--output=" + out);
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("--magnitude b=...: no --method is named 'b' (methods: [a])");
    CliRun number = CliRun.of("report", "--method=a=" + tmp, "--magnitude=a=big", "--output=" + out);
    assertThat(number.status()).isEqualTo(1);
    assertThat(number.err()).contains("--magnitude 'a=big': 'big' is not a number >= 0");
    assertThat(out).doesNotExist();
  }

  @Test
  void helpListsEveryStatistic() {
    CliRun help = CliRun.of("report", "--help");
    assertThat(help.status()).isZero();
    for (Statistic s : Statistic.values()) {
      assertThat(help.out()).contains(s.key());
    }
    assertThat(help.out()).contains("--lme-statistic=STAT", "--magnitude=NAME=X", "profile-likelihood",
        "(95% t interval");
    // an unescaped '%' in a description makes picocli warn and print the raw text
    assertThat(help.err()).doesNotContain("WARN");
  }

  /**
   * The pattern of the row of a configuration of two replicates of 2 runs each, from its label to the residual SD:
   * the closed-form REML estimates of a balanced design (the ANOVA estimators, the replicate variance truncated at
   * 0) of train_last = ln(last epoch's loss), and the exact t interval of the mean on 1 degree of freedom.
   */
  private static String row(String label, String magnitude, Path first, Path second) throws IOException {
    double[][] y = {trainLast(first), trainLast(second)};
    double m0 = (y[0][0] + y[0][1]) / 2;
    double m1 = (y[1][0] + y[1][1]) / 2;
    double grand = (m0 + m1) / 2;
    double msw = (sq(y[0][0] - m0) + sq(y[0][1] - m0) + sq(y[1][0] - m1) + sq(y[1][1] - m1)) / 2;
    double msb = 2 * (sq(m0 - grand) + sq(m1 - grand));
    double groupVar = Math.max(0, (msb - msw) / 2);
    double residualVar = msb > msw ? msw : (2 * msw + msb) / 3;
    // var(mean) = (s^2 + 2 s_b^2) / 4; t(0.975, 1) = tan(0.475 pi)
    double half = Math.tan(0.475 * Math.PI) * Math.sqrt((residualVar + 2 * groupVar) / 4);
    String interval = " \\[[-0-9.e]+, [-0-9.e]+\\]";
    return Pattern.quote("| " + label + " | " + magnitude + " | 2 | 4 | " + number(grand) + " [" + number(grand - half)
        + ", " + number(grand + half) + "] | " + number(Math.sqrt(groupVar))) + interval + Pattern.quote(" | "
        + number(Math.sqrt(residualVar))) + interval + " \\|";
  }

  private static double[] trainLast(Path replicate) throws IOException {
    double[][] loss = Npz.read(replicate.resolve("eval/mlp_train/period_0.npz")).get("loss").toDoubleMatrix();
    return new double[] {Math.log(loss[0][0]), Math.log(loss[1][0])};
  }

  private static double sq(double v) {
    return v * v;
  }

  private static String number(double v) {
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.4g", v);
  }
}
