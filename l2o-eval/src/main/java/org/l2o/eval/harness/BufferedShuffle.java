package org.l2o.eval.harness;

import java.util.Random;

/**
 * The approximate shuffle of {@code tf.data.Dataset.shuffle(buffer)}: a buffer is filled with the first
 * {@code buffer} elements; each output is drawn uniformly from the buffer and its slot is refilled with the
 * next input element; when the input is exhausted the rest of the buffer is emitted in random order.
 * The original evaluates with a buffer of batch_size * 100 (spec §9.2), which keeps the order of the
 * stored dataset partly visible; this class reproduces that on purpose.
 */
public final class BufferedShuffle {
  private BufferedShuffle() {}

  /**
   * Returns an order of the indices {@code 0..n-1}.
   *
   * @param n      number of elements
   * @param buffer shuffle buffer size (at least 1; {@code >= n} gives a uniform permutation)
   * @param rng    random source
   */
  public static int[] order(int n, int buffer, Random rng) {
    if (buffer < 1) {
      throw new IllegalArgumentException("shuffle buffer must be at least 1, got " + buffer);
    }
    int size = Math.min(buffer, n);
    int[] slots = new int[size];
    for (int i = 0; i < size; i++) {
      slots[i] = i;
    }
    int[] out = new int[n];
    int next = size;
    int filled = size;
    for (int k = 0; k < n; k++) {
      int pick = rng.nextInt(filled);
      out[k] = slots[pick];
      if (next < n) {
        slots[pick] = next; // refill the emptied slot with the next input element
        next++;
      } else {
        slots[pick] = slots[filled - 1];
        filled--;
      }
    }
    return out;
  }
}
