package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.core.tf.GradientCheck.Input;
import org.l2o.core.tf.GradientCheck.Report;
import org.tensorflow.ndarray.Shape;

class GradientCheckTest {

  @Test
  void agreesOnAPolynomialAndReportsTheGradientMagnitude() {
    // f(x) = sum(x^3): gradient 3x^2, largest at x = -2 -> 12.
    Report r = GradientCheck.compare((tf, xs) -> tf.reduceSum(tf.math.pow(xs.get(0), tf.constant(3.0)),
        tf.constant(0)), List.of(new Input(Shape.of(3), new double[] {0.5, -2, 1})), 1e-5);
    assertThat(r.maxError()).isLessThan(1e-8);
    assertThat(r.maxAbsAnalytic()).isCloseTo(12, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.checked()).isEqualTo(3);
  }

  @Test
  void detectsAWrongAnalyticGradient() {
    // stopGradient hides half of d/dx sum(x * x): analytic x, numeric 2x.
    Report r = GradientCheck.compare((tf, xs) -> tf.reduceSum(tf.math.mul(xs.get(0), tf.stopGradient(xs.get(0))),
        tf.constant(0)), List.of(new Input(Shape.of(2), new double[] {3, 0.1})), 1e-5);
    assertThat(r.maxError()).isGreaterThan(0.4);
    assertThat(r.worstIndex()).isEqualTo(0);
    assertThat(r.analytic()).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.numeric()).isCloseTo(6, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void hessianVectorProductOfACubicIsSixXTimesV() {
    // f = sum(x^3): H v = 6 x v; the gradient of <grad f, v> must match its finite differences.
    GradientCheck.ScalarFunction hv = GradientCheck.gradientAlong(
        (tf, xs) -> tf.reduceSum(tf.math.mul(tf.math.square(xs.get(0)), xs.get(0)), tf.constant(0)),
        List.of(new double[] {1, 2}));
    Report r = GradientCheck.compare(hv, List.of(new Input(Shape.of(2), new double[] {0.5, -1})), 1e-5);
    assertThat(r.maxError()).isLessThan(1e-8);
    assertThat(r.maxAbsAnalytic()).isCloseTo(12, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void rejectsANonScalarFunctionAndMismatchedInputs() {
    assertThatThrownBy(() -> GradientCheck.compare((tf, xs) -> xs.get(0),
        List.of(new Input(Shape.of(2), new double[] {1, 2})), 1e-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scalar");
    assertThatThrownBy(() -> new Input(Shape.of(3), new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3 values");
  }
}
