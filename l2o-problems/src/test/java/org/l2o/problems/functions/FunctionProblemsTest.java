package org.l2o.problems.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.problem.Problem;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Rastrigin and Quadratic (spec §9.2, §9.3): loss and gradient against plain-Java double. */
class FunctionProblemsTest {

  @Test
  void registryHoldsTheOriginalsSixFunctionProblems() {
    assertThat(FunctionProblems.names()).containsExactly("rastrigin2", "rastrigin10", "rastrigin20", "quadratic10",
        "quadratic20", "quadratic100");
    for (String key : FunctionProblems.names()) {
      FunctionProblem p = FunctionProblems.create(key);
      assertThat(p.steps()).isEqualTo(1000);
      assertThat(p.dimension()).isEqualTo(Integer.parseInt(key.replaceAll("[a-z]", "")));
      assertThat(p instanceof Rastrigin).isEqualTo(key.startsWith("rastrigin"));
    }
    assertThat(((Rastrigin) FunctionProblems.create("rastrigin2")).alpha()).isEqualTo(10f);
    assertThatThrownBy(() -> FunctionProblems.create("rosenbrock")).hasMessageContaining("rosenbrock")
        .hasMessageContaining("quadratic10");
  }

  @Test
  void coefficientsAreStandardNormalInTheOrderABC() {
    FunctionProblem.Coefficients k = FunctionProblems.create("rastrigin10").draw(new Random(3));
    Random same = new Random(3);
    assertThat(k.a()).hasSize(100);
    assertThat(k.a()[0]).isEqualTo((float) same.nextGaussian());
    for (int i = 1; i < 100; i++) {
      same.nextGaussian();
    }
    assertThat(k.b()[0]).isEqualTo((float) same.nextGaussian());
    assertThat(k.c()).hasSize(10);
    assertThat(FunctionProblems.create("quadratic10").draw(new Random(3)).c()).isEmpty();
  }

  @Test
  void lossAndGradientMatchPlainJava() {
    for (String key : FunctionProblems.names()) {
      FunctionProblem p = FunctionProblems.create(key);
      int n = p.dimension();
      Random rng = new Random(key.hashCode());
      FunctionProblem.Coefficients k = p.draw(rng);
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] = (float) (rng.nextGaussian() * 0.7);
      }
      double alpha = p instanceof Rastrigin r ? r.alpha() : 0;
      double[] r = new double[n];
      double f = 0;
      for (int i = 0; i < n; i++) {
        double ax = 0;
        for (int j = 0; j < n; j++) {
          ax += (double) k.a()[i * n + j] * x[j];
        }
        r[i] = ax - k.b()[i];
        f += r[i] * r[i];
      }
      double[] g = new double[n];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          g[j] += 2 * r[i] * k.a()[i * n + j];
        }
      }
      if (alpha != 0) {
        for (int i = 0; i < n; i++) {
          f -= alpha * k.c()[i] * Math.cos(2 * Math.PI * x[i]);
          g[i] += alpha * k.c()[i] * 2 * Math.PI * Math.sin(2 * Math.PI * x[i]);
        }
        f += alpha * n;
      }
      float[][] out = lossAndGradient(p, k, x);
      assertThat((double) out[0][0]).as(key).isCloseTo(f, within(2e-5 * (1 + Math.abs(f))));
      for (int i = 0; i < n; i++) {
        assertThat((double) out[1][i]).as("%s d/dx_%d", key, i).isCloseTo(g[i], within(2e-4 * (1 + Math.abs(g[i]))));
      }
    }
  }

  @Test
  void lossAtTheStartIsTheNormOfBPlusTheCosineTerm() {
    // x = 0: ‖b‖² − α Σ c + α n
    Rastrigin p = (Rastrigin) FunctionProblems.create("rastrigin20");
    FunctionProblem.Coefficients k = p.draw(new Random(1));
    double expected = 200;
    for (int i = 0; i < 20; i++) {
      expected += (double) k.b()[i] * k.b()[i] - 10.0 * k.c()[i];
    }
    assertThat((double) lossAndGradient(p, k, new float[20])[0][0]).isCloseTo(expected, within(1e-3));
  }

  private static float[][] lossAndGradient(FunctionProblem p, FunctionProblem.Coefficients k, float[] x) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> xs = tf.constant(x);
      Operand<TFloat32> loss = p.loss(tf, xs, k);
      Operand<TFloat32> grad = Problem.gradients(tf, loss, List.of(xs)).get(0);
      try (Session s = new Session(g); Result res = s.runner().fetch(loss).fetch(grad).run()) {
        TFloat32 gt = (TFloat32) res.get(1);
        float[] gv = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          gv[i] = gt.getFloat(i);
        }
        return new float[][] {{((TFloat32) res.get(0)).getFloat()}, gv};
      }
    }
  }
}
