package org.l2o.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurveBandTest {

  @Test
  void meanMinMaxOfLnLossWithNonFiniteLossesReplacedBy2point3() {
    CurveBand band = CurveBand.of(new double[][] {
        {Double.NaN, 1.0, 0.5},
        {1.0, Double.POSITIVE_INFINITY, 0.25}});
    assertThat(band.epochs()).containsExactly(1, 2, 3);
    double ln23 = Math.log(2.3);
    assertThat(band.mean()[0]).isCloseTo(ln23 / 2, within(1e-12));
    assertThat(band.min()[0]).isCloseTo(0, within(1e-12));
    assertThat(band.max()[0]).isCloseTo(ln23, within(1e-12));
    assertThat(band.max()[1]).isCloseTo(ln23, within(1e-12));
    assertThat(band.mean()[2]).isCloseTo((Math.log(0.5) + Math.log(0.25)) / 2, within(1e-12));
    assertThat(band.min()[2]).isCloseTo(Math.log(0.25), within(1e-12));
  }

  @Test
  void raggedOrEmptyRunsAreRejected() {
    assertThatThrownBy(() -> CurveBand.of(new double[][] {{1, 2}, {1}})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CurveBand.of(new double[0][])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void methodSpecificationsKeepOrderAndMergeRepeats() {
    Map<String, List<Path>> m = ReportRequest.parseMethods(
        List.of("min-max=r/mm/1,r/mm/2", "mean=r/mean", "min-max=r/mm/3"));
    assertThat(m.keySet()).containsExactly("min-max", "mean");
    assertThat(m.get("min-max")).containsExactly(Path.of("r/mm/1"), Path.of("r/mm/2"), Path.of("r/mm/3"));
    assertThatThrownBy(() -> ReportRequest.parseMethods(List.of("r/mm/1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME=DIR");
    assertThatThrownBy(() -> ReportRequest.parseMethods(List.of("x=")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no directory");
  }
}
