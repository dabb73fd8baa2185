package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;

class ReportCommandTest {
  @RegisterExtension final CapturedConsole console = new CapturedConsole();
  private final ByteArrayOutputStream out = console.out;
  private final ByteArrayOutputStream err = console.err;

  @TempDir Path dir;

  /** An evaluation file with R runs of E epochs whose losses decay at rate k. */
  private static void npz(Path file, int runs, int epochs, double k) throws IOException {
    float[][] loss = new float[runs][epochs];
    float[][] acc = new float[runs][epochs];
    for (int r = 0; r < runs; r++) {
      for (int e = 0; e < epochs; e++) {
        loss[r][e] = (float) (2 * Math.exp(-k * e) + 0.05 + 0.01 * r);
        acc[r][e] = (float) Math.exp(-loss[r][e]);
      }
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("loss", NpyArray.float32(loss));
    arrays.put("sparse_categorical_accuracy", NpyArray.float32(acc));
    arrays.put("val_loss", NpyArray.float32(loss));
    arrays.put("val_sparse_categorical_accuracy", NpyArray.float32(acc));
    arrays.put("epoch_time", NpyArray.float32(loss));
    Npz.write(file, arrays);
  }

  @Test
  void writesTheReportAndWarnsAboutMissingFiles() throws IOException {
    npz(dir.resolve("baseline/adam/conv_train.npz"), 3, 6, 0.3);
    npz(dir.resolve("baseline/sgd/conv_train.npz"), 3, 6, 0.1);
    npz(dir.resolve("baseline/sgd/mlp_train.npz"), 3, 6, 0.1);
    npz(dir.resolve("mm/1/eval/conv_train/stage_3.4.0.npz"), 2, 6, 0.4);
    npz(dir.resolve("mm/2/eval/conv_train/stage_3.4.0.npz"), 2, 6, 0.45);
    Path output = dir.resolve("my report");

    int status = Main.run("report", "--baseline-dir", dir.toString(),
        "--method", "min-max=" + dir.resolve("mm/1") + "," + dir.resolve("mm/2"),
        "--output", output.toString(), "--title", "CLI test");

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path report = output.resolve("report.md");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + report, "2 problems", "6 plots");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("warning: missing baseline result " + dir.resolve("baseline/adam/mlp_train.npz"));
    String md = Files.readString(report);
    assertThat(md).contains("# CLI test", "| min-max (learned, 2 replicates, 4 runs) |", "| adam (3 runs) |",
        "![validation loss per epoch](conv_train/val_loss.png)", "](conv_train/stability.png)");
    // the "how produced" line quotes the command as typed (the output path has a space)
    assertThat(md).contains("`l2o report --baseline-dir " + dir + " --method min-max=", "'" + output + "'");
    assertThat(output.resolve("conv_train/stability.png")).isRegularFile();
  }

  @Test
  void nothingFoundFailsWithStatus1() {
    int status = Main.run("report", "--baseline-dir", dir.toString(), "--output", dir.resolve("out").toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning: no baseline results", "nothing to report");
  }

  @Test
  void aMalformedMethodFailsNamingTheSyntax() {
    int status = Main.run("report", "--method", "no-equals-sign");
    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("NAME=DIR");
  }
}
