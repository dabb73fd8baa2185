package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Example-based regressions for headers the property tests of {@link Npy} found or that are too rare to draw. */
class NpyRobustnessTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "(4294967296, 4294967296, 4294967296)",
      "(9223372036854775807, 2)",
      "(3037000500, 3037000500)",
      "(1152921504606846976,)",
  })
  void shapesWhoseSizeOverflowsAreRefusedAsCorruptedHeaders(String shape) {
    byte[] npy = NpyNpzProperties.withHeader(Npy.toBytes(NpyArray.float64(new double[] {1, 2}, 2)),
        "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }\n");
    assertThatThrownBy(() -> Npy.fromBytes(npy, "big.npy"))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith("big.npy: ")
        .hasMessageContaining(shape)
        .hasMessageNotContaining("unexpected bytes");
  }
}
