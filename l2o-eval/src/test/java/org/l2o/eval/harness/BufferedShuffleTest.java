package org.l2o.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tf.data-style buffered shuffle of the evaluation harness (spec §9.2). */
class BufferedShuffleTest {

  @Test
  void everyIndexAppearsExactlyOnce() {
    int[] order = BufferedShuffle.order(1000, 37, new Random(1));
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
  }

  @Test
  void aSmallBufferOnlyReachesThatFarAhead() {
    // The k-th output can only be one of the first k + buffer inputs.
    int buffer = 10;
    int[] order = BufferedShuffle.order(500, buffer, new Random(2));
    for (int k = 0; k < order.length; k++) {
      assertThat(order[k]).isLessThan(k + buffer);
    }
    // With buffer 1 the order is the identity.
    int[] identity = BufferedShuffle.order(20, 1, new Random(3));
    for (int k = 0; k < identity.length; k++) {
      assertThat(identity[k]).isEqualTo(k);
    }
  }

  @Test
  void aFullBufferIsAUniformPermutation() {
    // Position 0 receives each of 4 elements about equally often.
    int[] counts = new int[4];
    Random rng = new Random(4);
    for (int i = 0; i < 40000; i++) {
      counts[BufferedShuffle.order(4, 4, rng)[0]]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9500, 10500);
    }
    assertThatThrownBy(() -> BufferedShuffle.order(4, 0, rng)).hasMessageContaining("buffer");
  }
}
