package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The counts a period accepts and what a refusal says. */
class PeriodArgsTest {
  @Test
  void aRefusalNamesTheValuesGivenAndTheLimit() {
    // the message printed the record before its fields were assigned: unrollLength=0, depth=0, ...
    assertThatThrownBy(() -> new PeriodArgs(20, 0, 10, 0, 0.05, 0, false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("unroll_len 20, depth 0, epochs 10, warmup 0");
    assertThatThrownBy(() -> new PeriodArgs(20, 25, Integer.MAX_VALUE, 0, 0.05, 0, false, null))
        .hasMessageContaining("25 * 2147483647 = 53687091175 meta-steps exceeds the limit of 1000000");
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    assertThat(PeriodArgs.exceededLimit(PeriodArgs.MAX_UNROLL, 1000, 1000, PeriodArgs.MAX_WARMUP)).isNull();
    assertThat(PeriodArgs.exceededLimit(PeriodArgs.MAX_UNROLL + 1, 1, 1, 0)).contains("unroll_len 100001");
    assertThat(PeriodArgs.exceededLimit(1, 1000, 1001, 0)).contains("1001000 meta-steps");
    assertThat(PeriodArgs.exceededLimit(1, 1, 1, PeriodArgs.MAX_WARMUP + 1)).contains("warmup 1000001");
    assertThat(new PeriodArgs(5, 2, 3, 1, 0.05, 0.5, false, null).metaSteps()).isEqualTo(6);
  }
}
