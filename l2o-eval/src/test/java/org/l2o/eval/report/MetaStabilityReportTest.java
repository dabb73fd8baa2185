package org.l2o.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.eval.stats.Statistic;

class MetaStabilityReportTest {
  private static final String RELATIVE_GAUSSIAN =
      "{\"policy\": {\"perturbation\": {\"class_name\": \"RandomPerturbation\","
          + " \"config\": {\"noise_stddev\": 0.0005, \"relative\": true}}}}";
  private static final String NONE = "{\"policy\": {\"perturbation\": null}}";

  /** lme4's Dyestuff yields (../shared/data/dyestuff.csv), per batch. */
  private static final double[][] DYESTUFF = {
      {1545, 1440, 1440, 1520, 1580}, {1540, 1555, 1490, 1560, 1495}, {1595, 1550, 1605, 1510, 1560},
      {1445, 1440, 1595, 1465, 1545}, {1595, 1630, 1515, 1635, 1625}, {1520, 1455, 1450, 1480, 1445}};

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  /** One replicate folder whose runs' last training loss is exp(lastLogLoss[r]) (so train_last = lastLogLoss[r]). */
  private Path replicate(String path, String config, double... lastLogLoss) throws IOException {
    Path rep = dir.resolve(path);
    SyntheticResults.write(rep.resolve("eval/conv_train/period_0.npz"), lastLogLoss.length, 3,
        (r, e) -> e == 2 ? Math.exp(lastLogLoss[r]) : 3 - e, (r, e) -> 1 + 0.1 * r + 0.05 * e);
    if (config != null) {
      Files.writeString(rep.resolve("config.json"), config);
    }
    return rep;
  }

  @Test
  void theReportShowsTheRemlFitsAndTheFigureSixPlot() throws IOException {
    Map<String, List<Path>> methods = new LinkedHashMap<>();
    List<Path> dye = new ArrayList<>();
    for (int b = 0; b < DYESTUFF.length; b++) {
      double[] y = new double[5];
      for (int j = 0; j < 5; j++) {
        y[j] = DYESTUFF[b][j] / 1000 + 1e-4; // shifted off the rounding tie of 1.5275 at 4 digits
      }
      dye.add(replicate("dye/" + b, RELATIVE_GAUSSIAN, y));
    }
    methods.put("dyestuff", dye);
    // replicate means equal: the replicate SD is on the boundary, 0
    methods.put("flat", List.of(replicate("flat/1", NONE, 1.0, 1.2), replicate("flat/2", NONE, 1.2, 1.0)));
    methods.put("single", List.of(replicate("single/1", NONE, 1.0, 1.1, 1.3)));
    // a diverged run (NaN) is left out; no config.json: no magnitude unless given
    methods.put("given", List.of(replicate("given/1", null, 0.5, Double.NaN, 0.7),
        replicate("given/2", null, 0.9, 1.0)));
    ReportRequest request = new ReportRequest(dir, methods, List.of(), dir.resolve("out"), "LME", "l2o report",
        Statistic.TRAIN_LAST, Map.of("given", 0.002));

    ReportResult result = ReportGenerator.generate(request, warnings::add);

    String md = Files.readString(result.markdown(), StandardCharsets.UTF_8);
    // lme4's fit of Dyestuff in units of 1000: 1527.5 (+0.1 shift), batch SD 42.00, residual SD 49.51, the mean's
    // t interval on 5 df and the profile intervals (the residual one is lme4's 38.23 .. 67.66)
    assertThat(md).contains("Meta-stability of `train_last`",
        "| dyestuff | 0.0005 | 6 | 30 | 1.528 [1.478, 1.577] | 0.04200 [0.01566, 0.1011] | 0.04951 [0.03823, 0.06766] |",
        "| single | 0 | 1 | 3 | not fitted: needs at least 2 replicates with a finite train_last, has 1 | | |",
        "![meta-stability versus perturbation magnitude](conv_train/meta_stability.png)");
    // the boundary: SD 0 with a finite upper end, no NaN anywhere in the table
    assertThat(md).containsPattern("\\| flat \\| 0 \\| 2 \\| 4 \\| 1\\.100 \\[[0-9.]+, [0-9.]+\\] \\| 0 \\[0, [0-9.]+\\]"
        + " \\| 0\\.1[0-9]+ \\[");
    assertThat(md).containsPattern("\\| given \\| 0\\.002 \\| 2 \\| 4 \\(1 non-finite left out\\) \\| ");
    assertThat(md.substring(md.indexOf("Meta-stability of"), md.indexOf("](conv_train/meta_stability.png)")))
        .doesNotContainIgnoringCase("nan");

    Path png = dir.resolve("out/conv_train/meta_stability.png");
    assertThat(result.images()).contains(png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(ChartPng.WIDTH);
    assertThat(image.getHeight()).isEqualTo(ChartPng.HEIGHT);
  }

  @Test
  void withoutAnyFitThereIsNoPlot() throws IOException {
    Map<String, List<Path>> methods = new LinkedHashMap<>();
    methods.put("single", List.of(replicate("single/1", NONE, 1.0, 1.1)));
    ReportResult result = ReportGenerator.generate(new ReportRequest(dir, methods, List.of(), dir.resolve("out"),
        "LME", "l2o report"), warnings::add);
    assertThat(result.images()).noneMatch(p -> p.endsWith("meta_stability.png"));
    assertThat(Files.readString(result.markdown())).contains("| single | 0 | 1 | 2 | not fitted:");
  }

  @Test
  void magnitudesComeFromThePerturbationConfig() throws IOException {
    assertThat(Magnitude.ofReplicate(replicate("a", RELATIVE_GAUSSIAN, 1, 2))).isEqualTo(
        new Magnitude(0.0005, "RandomPerturbation relative noise_stddev", ""));
    assertThat(Magnitude.ofReplicate(replicate("b",
        "{\"policy\": {\"perturbation\": {\"class_name\": \"CGDPerturbation\", \"config\": {\"steps\": 1,"
            + " \"magnitude\": 0.0001}}}}", 1, 2)).value()).isEqualTo(1e-4);
    // absent key: the original's default (CGD 0.005, FGSM 0.01)
    assertThat(Magnitude.ofReplicate(replicate("c",
        "{\"policy\": {\"perturbation\": {\"class_name\": \"FGSMPerturbation\", \"config\": {}}}}", 1, 2))
        .value()).isEqualTo(0.01);
    assertThat(Magnitude.ofReplicate(replicate("h",
        "{\"policy\": {\"perturbation\": {\"class_name\": \"CGDPerturbation\", \"config\": {\"steps\": 2}}}}", 1, 2))
        .value()).isEqualTo(0.005);
    assertThat(Magnitude.ofReplicate(replicate("d", "{\"policy\": {}}", 1, 2)).value()).isZero();
    // the original's "no perturbation" class; and input noise, which perturbs inputs, not weights
    assertThat(Magnitude.ofReplicate(replicate("f",
        "{\"policy\": {\"perturbation\": {\"class_name\": \"BasePerturbation\", \"config\": {}}}}", 1, 2))
        .value()).isZero();
    Magnitude inputNoise = Magnitude.ofReplicate(replicate("g",
        "{\"policy\": {\"perturbation\": null, \"input_noise\": 0.01}}", 1, 2));
    assertThat(inputNoise.known()).isFalse();
    assertThat(inputNoise.note()).contains("policy/input_noise 0.01", "--magnitude");
    Magnitude unknown = Magnitude.ofReplicate(replicate("e", null, 1, 2));
    assertThat(unknown.known()).isFalse();
    assertThat(unknown.note()).contains(dir.resolve("e/config.json").toString(), "--magnitude");

    ResultEntry mixed = new ResultEntry("mixed", ResultEntry.Kind.METHOD, List.of(
        EvaluationRecord.load(dir.resolve("a/eval/conv_train/period_0.npz")),
        EvaluationRecord.load(dir.resolve("b/eval/conv_train/period_0.npz"))));
    Magnitude differ = Magnitude.of(mixed, null);
    assertThat(differ.known()).isFalse();
    assertThat(differ.note()).contains("replicates differ", "--magnitude mixed=X");
    assertThat(Magnitude.of(mixed, 0.25).value()).isEqualTo(0.25);
    assertThat(Magnitude.format(0.0005)).isEqualTo("0.0005");
    assertThat(Magnitude.format(1e-5)).isEqualTo("1e-05");
    assertThat(Magnitude.format(0.01)).isEqualTo("0.01");
  }

  @Test
  void badMagnitudeOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> ReportRequest.parseMagnitudes(List.of("x=abc")))
        .hasMessageContaining("--magnitude 'x=abc'").hasMessageContaining("not a number >= 0");
    assertThatThrownBy(() -> ReportRequest.parseMagnitudes(List.of("=1")))
        .hasMessageContaining("expected NAME=X");
    assertThatThrownBy(() -> ReportRequest.parseMagnitudes(List.of("x=-1")))
        .hasMessageContaining("not a number >= 0");
    assertThatThrownBy(() -> ReportRequest.parseMagnitudes(List.of("x=1", "x=2")))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> new ReportRequest(dir, Map.of("a", List.of(dir)), List.of(), dir, "t", "c",
        Statistic.TRAIN_LAST, Map.of("b", 1.0))).hasMessageContaining("no --method is named 'b'");
  }
}
