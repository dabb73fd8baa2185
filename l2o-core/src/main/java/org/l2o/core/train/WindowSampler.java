package org.l2o.core.train;

import java.util.Random;
import org.l2o.core.data.ImageSet;

/**
 * Samples the data of one truncation window as the original does (spec §3.2): a fresh random permutation of
 * the whole training split, of which the first batch_size * unroll examples become U consecutive
 * minibatches: without replacement within a window, independent across windows.
 */
public final class WindowSampler {
  private final ImageSet data;
  private final int batchSize;
  private final int unroll;
  private final int[] permutation;

  /**
   * The images and labels of one window: [U, B, H, W, C] and [U, B], row-major.
   *
   * @param images float32 pixels / 255, [U, B, H, W, C] row-major
   * @param labels class labels, [U, B] row-major
   */
  public record Batch(float[] images, int[] labels) {}

  /**
   * @param data      the training split
   * @param batchSize B
   * @param unroll    U
   */
  public WindowSampler(ImageSet data, int batchSize, int unroll) {
    requireFits(data, batchSize, unroll);
    this.data = data;
    this.batchSize = batchSize;
    this.unroll = unroll;
    this.permutation = new int[data.size()];
    for (int i = 0; i < permutation.length; i++) {
      permutation[i] = i;
    }
  }

  /**
   * Checks that a window of {@code unroll} batches of {@code batchSize} fits into {@code data}, so that callers
   * can refuse a setting before they build anything.
   *
   * @param data the training split
   * @param batchSize B
   * @param unroll U
   * @throws IllegalArgumentException naming the window and the data set
   */
  public static void requireFits(ImageSet data, int batchSize, int unroll) {
    if ((long) batchSize * unroll > data.size()) {
      throw new IllegalArgumentException("a window of " + unroll + " x " + batchSize
          + " examples is larger than " + data.name() + " (" + data.size() + ")");
    }
  }

  /**
   * Draws one window.
   *
   * @param rng draws the examples
   * @return U batches of B examples drawn without replacement
   */
  public Batch sample(Random rng) {
    int count = batchSize * unroll;
    // Partial Fisher-Yates: the first `count` entries are a uniform sample without replacement.
    for (int i = 0; i < count; i++) {
      int j = i + rng.nextInt(permutation.length - i);
      int t = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = t;
    }
    float[] images = new float[count * data.exampleSize()];
    int[] labels = new int[count];
    data.gather(permutation, 0, count, images, 0, labels, 0);
    return new Batch(images, labels);
  }
}
