package org.l2o.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySoakTest {

  private static MemorySoak.Settings settings(int metaSteps, int sampleEvery, int baseline) {
    return new MemorySoak.Settings(3, 1, true, metaSteps, 2, 3, sampleEvery, baseline, 7L);
  }

  @Test
  void growthFiguresFollowTheirDefinitionsOnKnownSamples() {
    List<MemorySoak.Sample> samples = List.of(
        new MemorySoak.Sample(0, 1, 900, 100),
        new MemorySoak.Sample(10, 2, 1000, 200),
        new MemorySoak.Sample(20, 3, 1100, 200),
        new MemorySoak.Sample(30, 4, 1050, 250));
    MemorySoak.Result r = new MemorySoak.Result(settings(30, 10, 10), samples, 0, 4);
    assertEquals(10, r.baseline().step());
    assertEquals(0.05, r.rssGrowth(), 1e-12);          // (1050 - 1000) / 1000
    assertEquals(0.10, r.maxRssGrowth(), 1e-12);       // (1100 - 1000) / 1000
    // Least squares over (10, 1000), (20, 1100), (30, 1050): slope 2.5 bytes per step.
    assertEquals(2500.0, r.rssSlopePerThousandSteps(), 1e-9);
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> settings(10, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> settings(10, 5, 10));
    assertThrows(IllegalArgumentException.class, () -> new MemorySoak.Settings(0, 0, true, 10, 1, 1, 1, 0, 1L));
    assertThrows(IllegalArgumentException.class, () -> new MemorySoak.Settings(3, 3, true, 10, 1, 1, 1, 0, 1L));
  }

  @Test
  void runsExactlyTheRequestedMetaStepsAndSamplesAtTheInterval() {
    List<MemorySoak.Sample> seen = new ArrayList<>();
    // 14 meta-steps in periods of 6 (3 instances x depth 2): 6 + 6 + 2, sampled every 4 and at the end.
    MemorySoak.Result r = MemorySoak.run(BenchData.SYNTHETIC.problem("mlp_train"), settings(14, 4, 4), seen::add);
    assertEquals(seen, r.samples());
    assertEquals(List.of(0, 4, 8, 12, 14), r.samples().stream().map(MemorySoak.Sample::step).toList());
    for (MemorySoak.Sample s : r.samples()) {
      assertTrue(s.rssBytes() > 0 && s.heapBytes() > 0, s.toString());
    }
    assertTrue(r.seconds() >= r.last().seconds());
  }
}
