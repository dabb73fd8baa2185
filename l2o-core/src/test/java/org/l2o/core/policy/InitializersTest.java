package org.l2o.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class InitializersTest {

  @Test
  void constantsFillTheWholeTensor() {
    assertThat(Initializers.zeros().sample(Shape.of(2, 3), new Random(1))).hasSize(6).containsOnly(0f);
    assertThat(Initializers.ones().sample(Shape.of(4), new Random(1))).containsExactly(1f, 1f, 1f, 1f);
    assertThat(Initializers.constant(-2.5f).sample(Shape.of(1, 2), new Random(1))).containsExactly(-2.5f, -2.5f);
  }

  @Test
  void kerasFansForDenseConvAndVectors() {
    assertThat(Initializers.fans(Shape.of(512, 10))).containsExactly(512, 10);
    assertThat(Initializers.fans(Shape.of(3, 3, 1, 16))).containsExactly(9, 144);
    assertThat(Initializers.fans(Shape.of(5, 5, 16, 32))).containsExactly(400, 800);
    assertThat(Initializers.fans(Shape.of(7))).containsExactly(7, 7);
    assertThat(Initializers.fans(Shape.scalar())).containsExactly(1, 1);
  }

  @Test
  void glorotLimitsMatchKerasFormula() {
    // conv1 of conv_train (spec §17): sqrt(6 / (9 + 144)).
    assertThat(Initializers.glorotLimit(Shape.of(3, 3, 1, 16))).isCloseTo(Math.sqrt(6.0 / 153), within(1e-15));
    assertThat(Initializers.glorotLimit(Shape.of(512, 10))).isCloseTo(Math.sqrt(6.0 / 522), within(1e-15));
    // LSTM kernel [in, 4u] with in = 2, u = 20.
    assertThat(Initializers.glorotLimit(Shape.of(2, 80))).isCloseTo(Math.sqrt(6.0 / 82), within(1e-15));
  }

  @Test
  void glorotSamplesStayWithinBoundsAndFillThem() {
    Shape s = Shape.of(5, 5, 16, 32);
    double limit = Initializers.glorotLimit(s);
    float[] v = Initializers.glorotUniform().sample(s, new Random(3));
    assertThat(v).hasSize(12800);
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    double sum = 0;
    double sq = 0;
    for (float x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sq += (double) x * x;
    }
    assertThat(min).isGreaterThanOrEqualTo(-limit);
    assertThat(max).isLessThanOrEqualTo(limit);
    // Uniform: the extremes approach the limit, the mean is ~0 and the variance is limit^2 / 3.
    assertThat(max).isGreaterThan(0.99 * limit);
    assertThat(min).isLessThan(-0.99 * limit);
    assertThat(sum / v.length).isCloseTo(0, within(0.02 * limit));
    assertThat(sq / v.length).isCloseTo(limit * limit / 3, within(0.05 * limit * limit / 3));
  }

  @Test
  void orthogonalRecurrentKernelHasOrthonormalRows() {
    int u = 20;
    float[] k = Initializers.orthogonal(1.0).sample(Shape.of(u, 4 * u), new Random(5));
    assertThat(k).hasSize(u * 4 * u);
    for (int i = 0; i < u; i++) {
      for (int j = 0; j < u; j++) {
        double dot = 0;
        for (int c = 0; c < 4 * u; c++) {
          dot += (double) k[i * 4 * u + c] * k[j * 4 * u + c];
        }
        assertThat(dot).as("(U U^T)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-5));
      }
    }
  }

  @Test
  void orthogonalTallMatrixHasOrthonormalColumnsAndGainScales() {
    float[] q = Initializers.orthogonal(2.0).sample(Shape.of(6, 3), new Random(9));
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        double dot = 0;
        for (int r = 0; r < 6; r++) {
          dot += (double) q[r * 3 + a] * q[r * 3 + b];
        }
        assertThat(dot).isCloseTo(a == b ? 4 : 0, within(1e-5));
      }
    }
  }

  @Test
  void orthogonalMatchesQrWithPositiveDiagonal() {
    // Square case: Q = A R^-1 with R upper triangular and positive on the diagonal, so Q^T A = R must be
    // upper triangular with a positive diagonal (the sign fix of Keras).
    Random rng = new Random(11);
    int n = 4;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = rng.nextGaussian();
      }
    }
    float[] q = Initializers.orthogonal(1.0).sample(Shape.of(n, n), new Random(11));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double r = 0;
        for (int k = 0; k < n; k++) {
          r += q[k * n + i] * a[k][j];
        }
        if (i > j) {
          assertThat(r).as("R[%d][%d]", i, j).isCloseTo(0, within(1e-5));
        } else if (i == j) {
          assertThat(r).as("R[%d][%d]", i, i).isPositive();
        }
      }
    }
  }

  @Test
  void unitForgetBiasHasOnesOnlyInTheForgetBlock() {
    float[] b = Initializers.unitForgetBias(3).sample(Shape.of(12), new Random(1));
    assertThat(b).containsExactly(0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0);
    assertThatThrownBy(() -> Initializers.unitForgetBias(3).sample(Shape.of(8), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[12]");
  }

  @Test
  void seededRandomGivesDeterministicValues() {
    Shape s = Shape.of(3, 3, 1, 16);
    assertThat(Initializers.glorotUniform().sample(s, new Random(12345)))
        .containsExactly(Initializers.glorotUniform().sample(s, new Random(12345)));
    assertThat(Initializers.glorotUniform().sample(s, new Random(12345)))
        .isNotEqualTo(Initializers.glorotUniform().sample(s, new Random(54321)));
    assertThat(Initializers.orthogonal(1).sample(Shape.of(4, 16), new Random(7)))
        .containsExactly(Initializers.orthogonal(1).sample(Shape.of(4, 16), new Random(7)));
  }

  @Test
  void orthogonalRejectsVectors() {
    assertThatThrownBy(() -> Initializers.orthogonal(1).sample(Shape.of(5), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank >= 2");
  }
}
