package org.l2o.bench;



import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

  @Test
  void parsesKilobyteFieldsIntoBytes() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  1500000 kB\nVmRSS:\t  1200000 kB\nThreads:\t42\n";
    ProcStatus s = ProcStatus.parse(status);
    assertThat(s.peakBytes()).isEqualTo(1_500_000L * 1024);
    assertThat(s.rssBytes()).isEqualTo(1_200_000L * 1024);
    assertThat(s.available()).isTrue();
    assertThat(ProcStatus.parse("Name:\tjava\n").available()).isFalse();
  }

  @Test
  void readsThisProcess() {
    ProcStatus s = ProcStatus.read();
    // This project runs on Linux; the peak can never be below the current resident size.
    assertThat(s.available()).isTrue();
    assertThat(s.rssBytes()).isPositive();
    assertThat(s.peakBytes()).isGreaterThanOrEqualTo(s.rssBytes());
  }
}
