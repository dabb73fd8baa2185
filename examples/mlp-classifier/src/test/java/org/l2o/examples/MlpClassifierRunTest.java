package org.l2o.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2o.core.checkpoint.ReleasedCheckpoints;
import org.l2o.experiment.packages.OriginalImport;

/**
 * Runs the example as a user would: in a fresh JVM (gradient registration is per process) on exactly its runtime
 * class path (l2o-policies and what it pulls in), with one of the original's released students imported into a
 * package, and checks its output: both losses fall, the learned optimizer keeps up with Adam, stdout holds only the
 * table and stderr no Java-side warning or error.
 */
class MlpClassifierRunTest {
  static final int EPOCHS = 10;
  static final Path TARGET = Path.of("target");
  static List<String> stdout;
  static String stderr;

  @BeforeAll
  static void runExample() throws Exception {
    Path pkg = TARGET.resolve("student-choice-large-1");
    deleteRecursively(pkg);
    OriginalImport.importCheckpoint(ReleasedCheckpoints.folder("choice-large", 1), pkg);
    String classPath = TARGET.resolve("classes") + java.io.File.pathSeparator
        + Files.readString(TARGET.resolve("runtime-classpath.txt")).strip();
    Path out = TARGET.resolve("example-stdout.txt");
    Path err = TARGET.resolve("example-stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, MlpClassifier.class.getName(), pkg.toString(), String.valueOf(EPOCHS))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("TF_CPP_MIN_LOG_LEVEL"); // the build sets it for tests; a user's shell does not
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("example finished").isTrue();
    stdout = Files.readAllLines(out, StandardCharsets.UTF_8);
    stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit status; stderr:%n%s", stderr).isZero();
  }

  @Test
  void classPathIsTheLibraryUsersOnly() throws IOException {
    String cp = Files.readString(TARGET.resolve("runtime-classpath.txt"));
    assertThat(cp).contains("l2o-policies").contains("l2o-core").contains("l2o-perturbations")
        .doesNotContain("l2o-experiment").doesNotContain("l2o-problems").doesNotContain("l2o-cli");
  }

  @Test
  void stdoutIsTheTableOnly() {
    assertThat(stdout).hasSize(EPOCHS + 2);
    assertThat(stdout.get(0)).isEqualTo("epoch  l2o_loss  l2o_acc  adam_loss  adam_acc");
    for (int e = 0; e <= EPOCHS; e++) {
      assertThat(stdout.get(e + 1).strip()).startsWith(e + " ");
    }
  }

  @Test
  void stderrHasNoJavaSideWarningOrError() {
    assertThat(stderr).doesNotContain("No gradient defined").doesNotContain("Exception").doesNotContain("SLF4J")
        .doesNotContain("WARN ");
  }

  /**
   * What stderr may hold: absl's two lines (the MLIR notice and the line before it, which follow no setting), and
   * nothing else. TensorFlow's own INFO lines (oneDNN, CPU features, one per use of a Java-registered gradient) are
   * off because the example's first use of TensorFlow is {@code L2O.load} (see {@code NativeLogLevel}), although the
   * child process has no {@code TF_CPP_MIN_LOG_LEVEL}.
   */
  @Test
  void stderrHoldsOnlyAbslsTwoLines() {
    assertThat(stderr).doesNotContain("Calling Java gradient function").doesNotContain("oneDNN")
        .doesNotContain("cpu_feature_guard");
    for (String line : stderr.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      assertThat(line).as("stderr line").matches(ABSL_INFO);
    }
  }

  /** absl's lines: its pre-initialisation warning and its INFO format ("I1204 12:00:00.000000 ..."). */
  static final String ABSL_INFO =
      "WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR|I\\d{4} .*";

  @Test
  void bothLossesFallAndTheStudentKeepsUpWithAdam() {
    float[] first = row(1);
    float[] last = row(EPOCHS + 1);
    assertThat(last[1]).as("l2o loss falls").isLessThan(0.5f * first[1]);
    assertThat(last[3]).as("adam loss falls").isLessThan(0.5f * first[3]);
    assertThat(last[2]).as("l2o test accuracy").isGreaterThan(0.8f);
    assertThat(last[1]).as("l2o final loss within 2x of Adam's").isLessThan(2 * last[3] + 0.05f);
  }

  static float[] row(int line) {
    String[] cells = stdout.get(line).strip().split("\\s+");
    float[] values = new float[cells.length];
    for (int i = 0; i < cells.length; i++) {
      values[i] = Float.parseFloat(cells[i]);
    }
    return values;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      List<Path> paths = new ArrayList<>();
      try (var walk = Files.walk(dir)) {
        walk.forEach(paths::add);
      }
      for (int i = paths.size() - 1; i >= 0; i--) {
        Files.delete(paths.get(i));
      }
    }
  }
}
