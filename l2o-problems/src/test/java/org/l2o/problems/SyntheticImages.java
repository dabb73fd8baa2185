package org.l2o.problems;

import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.tensorflow.ndarray.Shape;

/** Synthetic, linearly separable image sets: class k shows a bright square at a class-specific place. */
final class SyntheticImages {

  private SyntheticImages() {}

  /**
   * @param n       examples
   * @param side    image side (square, 1 channel)
   * @param classes classes (at most 16 square positions on a 4x4 grid)
   */
  static ImageSet squares(String name, int n, int side, int classes, long seed) {
    Random rng = new Random(seed);
    int cell = side / 4;
    byte[] pixels = new byte[n * side * side];
    int[] labels = new int[n];
    for (int e = 0; e < n; e++) {
      int k = rng.nextInt(classes);
      labels[e] = k;
      int top = (k / 4) * cell;
      int left = (k % 4) * cell;
      for (int i = 0; i < side; i++) {
        for (int j = 0; j < side; j++) {
          boolean inside = i >= top && i < top + cell && j >= left && j < left + cell;
          int v = inside ? 200 + rng.nextInt(56) : rng.nextInt(60);
          pixels[e * side * side + i * side + j] = (byte) v;
        }
      }
    }
    return new ImageSet(name, Shape.of(side, side, 1), classes, pixels, labels);
  }
}
