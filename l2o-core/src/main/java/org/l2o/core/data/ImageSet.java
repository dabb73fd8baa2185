package org.l2o.core.data;

import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * An in-memory labelled image split, stored compactly as unsigned bytes in NHWC order and converted to
 * float32 / 255 (no normalisation, spec §3.1) only when a batch is gathered.
 */
public final class ImageSet {
  private final String name;
  private final Shape exampleShape;
  private final int numClasses;
  private final byte[] pixels;
  private final int[] labels;
  private final int exampleSize;

  /**
   * @param name         e.g. {@code "mnist/train"}
   * @param exampleShape [H, W, C]
   * @param numClasses   number of label values
   * @param pixels       row-major NHWC uint8 pixels of all examples
   * @param labels       one label in [0, numClasses) per example
   */
  public ImageSet(String name, Shape exampleShape, int numClasses, byte[] pixels, int[] labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.exampleShape = Objects.requireNonNull(exampleShape, "exampleShape");
    if (exampleShape.numDimensions() != 3) {
      throw new IllegalArgumentException(name + ": example shape must be [H, W, C], got " + exampleShape);
    }
    this.numClasses = numClasses;
    this.pixels = Objects.requireNonNull(pixels, "pixels");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.exampleSize = Math.toIntExact(exampleShape.size());
    if ((long) labels.length * exampleSize != pixels.length) {
      throw new IllegalArgumentException(name + ": " + labels.length + " labels need "
          + (long) labels.length * exampleSize + " pixels, got " + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
            + " is outside [0, " + numClasses + ")");
      }
    }
  }

  /** {@return the split's name, e.g. {@code "mnist/train"}} */
  public String name() { return name; }

  /** {@return the shape [H, W, C] of one example} */
  public Shape exampleShape() { return exampleShape; }

  /** {@return the number of label values} */
  public int numClasses() { return numClasses; }

  /** {@return the number of examples} */
  public int size() { return labels.length; }

  /** {@return the number of scalars per example (H * W * C)} */
  public int exampleSize() { return exampleSize; }

  /**
   * Label of example {@code i}.
   *
   * @param i the example's index
   * @return its label, in [0, numClasses)
   */
  public int label(int i) { return labels[i]; }

  /**
   * Raw pixel byte {@code j} of example {@code i} as an unsigned value 0..255.
   *
   * @param i the example's index
   * @param j the byte's index within the example, in HWC order
   * @return the byte, 0 to 255
   */
  public int pixel(int i, int j) { return pixels[i * exampleSize + j] & 0xff; }

  /**
   * Copies {@code count} examples, chosen by {@code indices[from..from+count)}, as float32 / 255 into
   * {@code images} (starting at {@code imageOffset}) and their labels into {@code labelsOut} (starting at
   * {@code labelOffset}).
   *
   * @param indices the example indices to choose from
   * @param from the first position in {@code indices}
   * @param count the number of examples to copy
   * @param images receives {@code count * exampleSize()} float32 values
   * @param imageOffset where in {@code images} the first value goes
   * @param labelsOut receives {@code count} labels
   * @param labelOffset where in {@code labelsOut} the first label goes
   */
  public void gather(int[] indices, int from, int count, float[] images, int imageOffset,
      int[] labelsOut, int labelOffset) {
    for (int k = 0; k < count; k++) {
      int src = indices[from + k];
      int base = src * exampleSize;
      int dst = imageOffset + k * exampleSize;
      for (int j = 0; j < exampleSize; j++) {
        images[dst + j] = (pixels[base + j] & 0xff) / 255f;
      }
      labelsOut[labelOffset + k] = labels[src];
    }
  }
}
