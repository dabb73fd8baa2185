package org.l2o.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {
  private static final int EPOCHS = 12;
  /** 1 + exp(-0.3 (E-1)): the method's val loss at the last (best) epoch, relative to its scale. */
  private static final double TAIL = 1 + Math.exp(-0.3 * (EPOCHS - 1));

  @TempDir Path dir;
  private Path rep1;
  private Path rep2;
  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void writeResults() throws IOException {
    Path baseline = dir.resolve("baseline");
    SyntheticResults.write(baseline.resolve("adam/conv_train.npz"), 4, EPOCHS,
        SyntheticResults.decay(2.0, 0.30, 0.05, r -> r), SyntheticResults.decay(2.0, 0.25, 0.08, r -> r));
    SyntheticResults.write(baseline.resolve("adam/mlp_train.npz"), 4, EPOCHS,
        SyntheticResults.decay(1.5, 0.30, 0.10, r -> r), SyntheticResults.decay(1.5, 0.25, 0.12, r -> r));
    // sgd: run 3 diverges (NaN) from epoch 6 on; sgd has no mlp_train result (a warning is expected)
    SyntheticResults.write(baseline.resolve("sgd/conv_train.npz"), 4, EPOCHS,
        (r, e) -> r == 3 && e >= 6 ? Double.NaN : 2.0 * Math.exp(-0.1 * e) + 0.3,
        (r, e) -> r == 3 && e >= 6 ? Double.NaN : 0.5 + 0.3 * Math.exp(-0.2 * e));
    rep1 = dir.resolve("results/mm/1");
    rep2 = dir.resolve("results/mm/2");
    double[] scale = {0.1, 0.2};
    Path[] reps = {rep1, rep2};
    for (int i = 0; i < 2; i++) {
      double c = scale[i];
      SyntheticResults.write(reps[i].resolve("eval/conv_train/stage_3.4.0.npz"), 3, EPOCHS,
          (r, e) -> c * (1 + Math.exp(-0.35 * e)), (r, e) -> c * (1 + Math.exp(-0.3 * e)));
    }
    // replicate 1 evaluated two checkpoints; DEFAULT picks the one to report
    SyntheticResults.write(rep1.resolve("eval/conv_train/stage_2.0.0.npz"), 3, EPOCHS, (r, e) -> 9, (r, e) -> 9);
    Files.writeString(rep1.resolve("eval/conv_train/DEFAULT"), "stage_3.4.0\n");
  }

  private ReportRequest request(Map<String, List<Path>> methods, List<String> problems) {
    return new ReportRequest(dir, methods, problems, dir.resolve("out"), "Test report", "l2o report --test");
  }

  private ReportResult generate(Map<String, List<Path>> methods, List<String> problems) throws IOException {
    return ReportGenerator.generate(request(methods, problems), warnings::add);
  }

  private static Map<String, List<Path>> method(String name, Path... dirs) {
    Map<String, List<Path>> m = new LinkedHashMap<>();
    m.put(name, List.of(dirs));
    return m;
  }

  @Test
  void writesTablesImageLinksAndWarnings() throws IOException {
    ReportResult result = generate(method("mm", rep1, rep2), List.of());

    assertThat(result.markdown()).isEqualTo(dir.resolve("out/report.md"));
    String md = Files.readString(result.markdown(), StandardCharsets.UTF_8);
    assertThat(result.problems()).containsExactly("conv_train", "mlp_train");
    assertThat(md).contains("# Test report", "`l2o report --test`", "## conv_train", "## mlp_train",
        "| optimizer | val_best | val_last | val_stability | train_last | acc_best |",
        "| adam (4 runs) |", "| sgd (4 runs) |", "| mm (learned, 2 replicates, 6 runs) |",
        "| method | replicates | val_best |", "| mm | 2 |",
        "![validation loss per epoch](conv_train/val_loss.png)",
        "![training loss per epoch](conv_train/train_loss.png)",
        "![optimization stability versus best validation loss](conv_train/stability.png)",
        "![validation loss per epoch](mlp_train/val_loss.png)",
        "replaced by 2.3 before the log");
    // the diverged sgd run is left out of its stability cell, and said so
    assertThat(row(md, "| sgd (4 runs) |")[3]).endsWith("(1 NaN)");
    // DEFAULT chose stage_3.4.0 in replicate 1; the other checkpoint is not a source
    assertThat(md).contains(rep1.resolve("eval/conv_train/stage_3.4.0.npz").toString())
        .doesNotContain("stage_2.0.0");

    // every missing file is reported with its path, in the result and in the report
    String sgdMissing = dir.resolve("baseline/sgd/mlp_train.npz").toString();
    String rep2Missing = rep2.resolve("eval/mlp_train").toString();
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains(sgdMissing))
        .anySatisfy(w -> assertThat(w).contains(rep2Missing));
    assertThat(result.warnings()).isEqualTo(warnings);
    assertThat(md).contains("## Warnings", sgdMissing, rep2Missing);

    assertThat(result.images()).hasSize(6).allSatisfy(p -> assertThat(p).exists());
  }

  @Test
  void tableCellsFollowTheStatisticFormulas() throws IOException {
    String md = Files.readString(generate(method("mm", rep1, rep2), List.of("conv_train")).markdown());

    // pooled over the 6 runs: 3 at ln(0.1·TAIL), 3 at ln(0.2·TAIL)
    double[] valBest = cell(row(md, "| mm (learned, 2 replicates, 6 runs) |")[0]);
    assertThat(valBest[0]).isCloseTo(Math.log(TAIL) + (Math.log(0.1) + Math.log(0.2)) / 2, within(1e-4));
    assertThat(valBest[1]).isCloseTo(Math.log(2) / 2, within(1e-4));
    // replicate level: the same mean, ± 2·sqrt(var(means)/2) = 2·(ln 2 / 2)/sqrt 2
    double[] replicate = cell(row(md, "| mm | 2 |")[0]);
    assertThat(replicate[0]).isCloseTo(valBest[0], within(1e-4));
    assertThat(replicate[1]).isCloseTo(Math.log(2) / Math.sqrt(2), within(1e-4));
    // val_last equals val_best here (the curves decrease); acc_best = exp(-best val loss) by construction
    assertThat(cell(row(md, "| mm (learned, 2 replicates, 6 runs) |")[1])[0]).isCloseTo(valBest[0], within(1e-4));
    assertThat(cell(row(md, "| mm (learned, 2 replicates, 6 runs) |")[4])[0])
        .isCloseTo((Math.exp(-0.1 * TAIL) + Math.exp(-0.2 * TAIL)) / 2, within(1e-4));

    // sgd: the diverged run's best is taken over its finite epochs 0..5 (NaN-skipping minimum)
    double[] sgd = cell(row(md, "| sgd (4 runs) |")[0]);
    double finiteBest = Math.log(0.5 + 0.3 * Math.exp(-0.2 * 5));
    double lastBest = Math.log(0.5 + 0.3 * Math.exp(-0.2 * (EPOCHS - 1)));
    assertThat(sgd[0]).isCloseTo((3 * lastBest + finiteBest) / 4, within(1e-4));
  }

  @Test
  void plotsAreReadablePngs() throws IOException {
    ReportResult result = generate(method("mm", rep1, rep2), List.of("conv_train"));
    assertThat(result.images()).extracting(p -> dir.resolve("out").relativize(p).toString().replace('\\', '/'))
        .containsExactly("conv_train/val_loss.png", "conv_train/train_loss.png", "conv_train/stability.png");
    for (Path png : result.images()) {
      byte[] bytes = Files.readAllBytes(png);
      assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
      assertThat(bytes.length).as(png + " size").isGreaterThan(10_000);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(ChartPng.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ChartPng.HEIGHT);
      // a drawn chart has lines, bands, text: many distinct colours, not a blank canvas
      Set<Integer> colours = new HashSet<>();
      for (int y = 0; y < image.getHeight(); y += 3) {
        for (int x = 0; x < image.getWidth(); x += 3) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertThat(colours.size()).as(png + " colours").isGreaterThan(50);
    }
    // no temporary files are left next to the images
    try (var files = Files.list(dir.resolve("out/conv_train"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "val_loss.png", "train_loss.png", "stability.png");
    }
  }

  @Test
  void aFolderWithoutEvalStandsForItsReplicateSubfolders() throws IOException {
    String md = Files.readString(generate(method("mm", dir.resolve("results/mm")), List.of("conv_train")).markdown());
    assertThat(md).contains("| mm (learned, 2 replicates, 6 runs) |");
  }

  @Test
  void explicitProblemsRestrictTheReportAndUnknownOnesAreWarned() throws IOException {
    ReportResult result = generate(Map.of(), List.of("mlp_train", "nope"));
    String md = Files.readString(result.markdown());
    assertThat(result.problems()).containsExactly("mlp_train");
    assertThat(md).contains("## mlp_train").doesNotContain("## conv_train", "## nope");
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("problem nope: no results"))
        .anySatisfy(w -> assertThat(w).contains(dir.resolve("baseline/adam/nope.npz").toString()));
  }

  @Test
  void severalEvaluationsWithoutDefaultAreAnErrorListingThem() throws IOException {
    Files.delete(rep1.resolve("eval/conv_train/DEFAULT"));
    assertThatThrownBy(() -> generate(method("mm", rep1), List.of("conv_train")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage_2.0.0.npz").hasMessageContaining("stage_3.4.0.npz")
        .hasMessageContaining(ResultDiscovery.DEFAULT_FILE);
  }

  @Test
  void defaultNamingAMissingFileIsAnError() throws IOException {
    Files.writeString(rep1.resolve("eval/conv_train/DEFAULT"), "stage_9.9.9.npz");
    assertThatThrownBy(() -> ResultDiscovery.selectEvaluation(rep1.resolve("eval/conv_train")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage_9.9.9.npz");
    Files.writeString(rep1.resolve("eval/conv_train/DEFAULT"), "stage_2.0.0");
    assertThat(ResultDiscovery.selectEvaluation(rep1.resolve("eval/conv_train")))
        .contains(rep1.resolve("eval/conv_train/stage_2.0.0.npz"));
    assertThat(ResultDiscovery.selectEvaluation(rep2.resolve("eval/conv_train")))
        .contains(rep2.resolve("eval/conv_train/stage_3.4.0.npz"));
    assertThat(ResultDiscovery.selectEvaluation(rep2.resolve("eval/absent"))).isEmpty();
  }

  @Test
  void findingNothingIsAnErrorAfterWarningWhereItLooked(@TempDir Path empty) {
    ReportRequest r = new ReportRequest(empty, method("mm", empty.resolve("nowhere")), List.of(),
        empty.resolve("out"), "t", "c");
    assertThatThrownBy(() -> ReportGenerator.generate(r, warnings::add))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to report");
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains(empty.resolve("baseline").toString()))
        .anySatisfy(w -> assertThat(w).contains(empty.resolve("nowhere").toString()));
    assertThat(empty.resolve("out")).doesNotExist();
  }

  @Test
  void aMethodNamedLikeABaselineIsRejected() {
    assertThatThrownBy(() -> generate(method("adam", rep1), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'adam'");
  }

  @Test
  void replicatesWithDifferentEpochCountsAreRejected() throws IOException {
    SyntheticResults.write(rep2.resolve("eval/conv_train/stage_3.4.0.npz"), 3, EPOCHS - 2, (r, e) -> 1, (r, e) -> 1);
    assertThatThrownBy(() -> generate(method("mm", rep1, rep2), List.of("conv_train")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(rep2.toString())
        .hasMessageContaining("epochs");
  }

  @Test
  void aFileWithoutTheValidationLossNamesFileAndKey() throws IOException {
    Path bad = dir.resolve("baseline/adam/conv_train.npz");
    org.l2o.core.io.Npz.write(bad, Map.of("loss", org.l2o.core.io.NpyArray.float32(new float[][] {{1f}})));
    assertThatThrownBy(() -> generate(Map.of(), List.of("conv_train")))
        .isInstanceOf(IOException.class).hasMessageContaining(bad.toString()).hasMessageContaining("val_loss");
  }

  /** The cells (after the label) of the first table row starting with {@code prefix}. */
  private static String[] row(String md, String prefix) {
    for (String line : md.split("\n")) {
      if (line.startsWith(prefix)) {
        String rest = line.substring(prefix.length()).trim();
        String[] cells = rest.substring(0, rest.length() - 1).split("\\|");
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        return cells;
      }
    }
    throw new AssertionError("no row " + prefix + " in\n" + md);
  }

  /** Mean and spread of a "mean ± spread" cell. */
  private static double[] cell(String text) {
    String[] parts = text.split("±");
    return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim().split(" ")[0])};
  }
}
