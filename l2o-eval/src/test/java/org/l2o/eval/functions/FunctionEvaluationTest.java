package org.l2o.eval.functions;

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
import org.l2o.policies.optimizer.Baselines;
import org.l2o.problems.functions.FunctionProblem;
import org.l2o.problems.functions.FunctionProblems;
import org.l2o.problems.functions.Rastrigin;

/** The function-problem loop (spec §9.2): x from 0, the loss before each update, fresh coefficients per run. */
class FunctionEvaluationTest {

  @Test
  void sgdTrajectoryMatchesPlainJavaGradientDescent() {
    for (String key : new String[] {"quadratic10", "rastrigin2"}) {
      FunctionProblem p = FunctionProblems.create(key);
      double lr = 0.002;
      Baselines.Baseline sgd = Baselines.gridSearch("sgd", lr);
      float[] loss = FunctionEvaluation.train(p, sgd::create, 5, new Random(9));
      FunctionProblem.Coefficients k = p.draw(new Random(9)); // the run's coefficients: the first draws of its stream
      double alpha = p instanceof Rastrigin r ? r.alpha() : 0;
      int n = p.dimension();
      double[] x = new double[n];
      for (int step = 0; step < 5; step++) {
        double[] res = new double[n];
        double f = alpha * n;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            res[i] += k.a()[i * n + j] * x[j];
          }
          res[i] -= k.b()[i];
          f += res[i] * res[i];
          if (alpha != 0) {
            f -= alpha * k.c()[i] * Math.cos(2 * Math.PI * x[i]);
          }
        }
        assertThat((double) loss[step]).as("%s step %d", key, step).isCloseTo(f, within(1e-4 * (1 + Math.abs(f))));
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
          for (int i = 0; i < n; i++) {
            g[j] += 2 * res[i] * k.a()[i * n + j];
          }
          if (alpha != 0) {
            g[j] += alpha * k.c()[j] * 2 * Math.PI * Math.sin(2 * Math.PI * x[j]);
          }
        }
        for (int j = 0; j < n; j++) {
          x[j] -= lr * g[j];
        }
      }
    }
  }

  @Test
  void runsDrawFreshCoefficientsAndTheFileHoldsTheLossKey(@TempDir Path dir) throws Exception {
    FunctionProblem p = FunctionProblems.create("quadratic20");
    Baselines.Baseline adam = Baselines.get("adam");
    float[][] loss = FunctionEvaluation.run(p, adam::create, 3, 50, 4L, e -> { });
    assertThat(loss).hasNumberOfRows(3);
    assertThat(loss[0]).hasSize(50);
    assertThat(loss[0][0]).isNotEqualTo(loss[1][0]); // ‖b‖² of two draws
    assertThat(loss[0][49]).isLessThan(loss[0][0]);
    assertThat(FunctionEvaluation.run(p, adam::create, 3, 50, 4L, e -> { })[2]).containsExactly(loss[2]);
    Path npz = dir.resolve("quadratic20.npz");
    FunctionEvaluation.Statistics stats = FunctionEvaluation.write(npz, loss, Map.of("problem", "quadratic20"));
    Map<String, NpyArray> read = Npz.read(npz);
    assertThat(read.keySet()).containsExactly("loss");
    assertThat(read.get("loss").shape()).containsExactly(3L, 50L);
    assertThat(stats.last()[1]).isCloseTo(Math.log(loss[1][49]), within(1e-9));
    assertThat(Files.readString(dir.resolve("quadratic20.stats.json"))).contains("\"best_mean\"").contains("quadratic20");
  }
}
