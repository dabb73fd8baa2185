package org.l2o.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PythonFloat#str} against what CPython 3 prints for {@code str(x)} (values typed from its output). */
class PythonFloatTest {

  @ParameterizedTest
  @CsvSource({
      "0.001, 0.001", "0.01, 0.01", "0.1, 0.1", "1, 1.0", "2, 2.0", "0.5, 0.5", "0.005, 0.005",
      "0.0005, 0.0005", "0.0001, 0.0001", "0.00001, 1e-05", "0.00005, 5e-05", "0.000012, 1.2e-05",
      "1e-10, 1e-10", "1e-100, 1e-100", "123.456, 123.456", "100, 100.0", "1e15, 1000000000000000.0",
      "1e16, 1e+16", "1.5e16, 1.5e+16", "1e22, 1e+22", "1e300, 1e+300", "0.3, 0.3", "-0.25, -0.25",
      "-1e-07, -1e-07", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
      "0.30000000000000004, 0.30000000000000004", "2.675, 2.675", "0.2, 0.2"})
  void printsWhatPythonPrints(double x, String python) {
    assertThat(PythonFloat.str(x)).isEqualTo(python);
  }

  @Test
  void sumsShowTheirLastDigitAsPythonDoes() {
    assertThat(PythonFloat.str(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(PythonFloat.str(1.0 / 3)).isEqualTo("0.3333333333333333");
    assertThat(PythonFloat.str(2.0 / 3)).isEqualTo("0.6666666666666666");
  }

  @Test
  void specialValues() {
    assertThat(PythonFloat.str(0.0)).isEqualTo("0.0");
    assertThat(PythonFloat.str(-0.0)).isEqualTo("-0.0");
    assertThat(PythonFloat.str(Double.NaN)).isEqualTo("nan");
    assertThat(PythonFloat.str(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(PythonFloat.str(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
  }

  @Test
  void everyPrintedValueReadsBack() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      double x = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(x)) {
        assertThat(Double.parseDouble(PythonFloat.str(x))).isEqualTo(x);
      }
    }
  }
}
