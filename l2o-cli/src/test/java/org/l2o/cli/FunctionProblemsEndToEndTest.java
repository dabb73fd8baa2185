package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.problems.functions.FunctionProblem;
import org.l2o.problems.functions.FunctionProblems;

/**
 * The function problems (spec §9.2, §9.3) and the new image problems through the real CLI: {@code l2o problems},
 * {@code l2o baseline} and {@code l2o evaluate} of a tiny trained student.
 */
class FunctionProblemsEndToEndTest {

  /** f(x) = ‖A x − b‖² − α Σ c_i cos(2π x_i) + α n in double. */
  private static double f(FunctionProblem.Coefficients k, double alpha, double[] x) {
    int n = x.length;
    double out = alpha * n;
    for (int i = 0; i < n; i++) {
      double r = -k.b()[i];
      for (int j = 0; j < n; j++) {
        r += k.a()[i * n + j] * x[j];
      }
      out += r * r;
      if (alpha != 0) {
        out -= alpha * k.c()[i] * Math.cos(2 * Math.PI * x[i]);
      }
    }
    return out;
  }

  @Test
  void baselineWritesTheLossKeyWithTheOriginalsFirstTwoAdamSteps(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("baseline", "--optimizer=adam", "--problem=rastrigin2,quadratic10", "--repeat=2",
        "--seed=5", "--directory=" + dir);
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("adam / rastrigin2").contains("adam / quadratic10").contains("ln best loss");
    for (String key : new String[] {"rastrigin2", "quadratic10"}) {
      Map<String, NpyArray> arrays = Npz.read(dir.resolve("baseline/adam/" + key + ".npz"));
      assertThat(arrays.keySet()).containsExactly("loss");
      assertThat(arrays.get("loss").shape()).containsExactly(2L, 1000L);
      float[] loss = arrays.get("loss").floats();
      FunctionProblem p = FunctionProblems.create(key);
      double alpha = key.startsWith("rastrigin") ? 10 : 0;
      int n = p.dimension();
      Random master = new Random(5);
      for (int r = 0; r < 2; r++) {
        FunctionProblem.Coefficients k = p.draw(new Random(master.nextLong()));
        double[] x = new double[n];
        double f0 = f(k, alpha, x);
        assertThat((double) loss[r * 1000]).as("%s run %d step 0", key, r).isCloseTo(f0, within(1e-4 * (1 + Math.abs(f0))));
        // Keras Adam's first step (lr 0.005): x_1 = -lr * g / (|g| + 1e-7); at x = 0 the cosine term's gradient is 0
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
          for (int i = 0; i < n; i++) {
            g[j] += 2 * -k.b()[i] * k.a()[i * n + j];
          }
        }
        for (int j = 0; j < n; j++) {
          x[j] = -0.005 * g[j] / (Math.abs(g[j]) + 1e-7);
        }
        double f1 = f(k, alpha, x);
        assertThat((double) loss[r * 1000 + 1]).as("%s run %d step 1", key, r).isCloseTo(f1, within(1e-4 * (1 + Math.abs(f1))));
      }
      assertThat(Files.readString(dir.resolve("baseline/adam/" + key + ".stats.json"))).contains("\"seed\" : 5")
          .contains("\"steps\" : 1000");
    }
    CliRun again = CliRun.of("baseline", "--optimizer=adam", "--problem=quadratic10", "--directory=" + dir);
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").contains("--overwrite");
  }

  @Test
  void problemsListsEveryProblemWithItsParameterCount() {
    CliRun run = CliRun.of("problems");
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.out()).containsPattern("conv_avg +mnist +128 +25 +15,882")
        .containsPattern("conv_nas +mnist +128 +25 +9,610")
        .containsPattern("conv_nas_cifar +cifar10 +128 +25 +9,898")
        // Keras counts of ResNet(52, 1) and ResNet(100, 1) with a 100-class head (ResNetTest derives them)
        .containsPattern("resnet_52_100 +cifar100 +128 +25 +766,116")
        .containsPattern("resnet_100_100 +cifar100 +128 +25 +1,545,636")
        .containsPattern("rastrigin20 +- +- +- +20  \\(1000 steps\\)")
        .containsPattern("quadratic100 +- +- +- +100  \\(1000 steps\\)");
  }

  @Test
  void commandsForImageProblemsRefuseAFunctionProblemByName() {
    CliRun run = CliRun.of("bench", "--problem=rastrigin2");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("rastrigin2 is a function problem");
  }

  @Test
  void evaluateRunsATrainedStudentOnAFunctionProblemWithoutWarmup(@TempDir Path dir) throws Exception {
    Path exp = dir.resolve("exp");
    CliRun train = CliRun.of("train", "--strategy=simple", "--presets=conv_train", "--strategy/num_periods=1",
        "--strategy/unroll_len=3", "--strategy/depth=1", "--strategy/epochs=1", "--strategy/validation_unroll=3",
        "--strategy/validation_depth=1", "--strategy/validation_epochs=1", "--directory=" + exp);
    assertThat(train.status()).as(train.transcript()).isZero();
    CliRun run = CliRun.of("evaluate", "--directory=" + exp, "--problem=quadratic20", "--repeat=1", "--seed=2");
    assertThat(run.status()).as(run.transcript()).isZero();
    Map<String, NpyArray> arrays = Npz.read(exp.resolve("eval/quadratic20/period_0.npz"));
    assertThat(arrays.get("loss").shape()).containsExactly(1L, 1000L);
    float[] loss = arrays.get("loss").floats();
    FunctionProblem p = FunctionProblems.create("quadratic20");
    FunctionProblem.Coefficients k = p.draw(new Random(new Random(2).nextLong()));
    double f0 = f(k, 0, new double[20]);
    assertThat((double) loss[0]).isCloseTo(f0, within(1e-4 * (1 + f0))); // x = 0: no warm-up step before it
    assertThat(loss[999]).isFinite();
    assertThat(Files.readString(exp.resolve("eval/quadratic20/period_0.stats.json")))
        .contains("\"warmup_iterations\" : 0");
    CliRun info = CliRun.of("evaluate", "--directory=" + exp, "--problem=rastrigin10", "--info");
    assertThat(info.status()).as(info.transcript()).isZero();
    assertThat(info.out()).contains("\"steps\": 1000").contains("rastrigin10");
  }
}
