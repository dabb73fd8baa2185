package org.l2o.problems.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2o.core.data.ImageSet;
import org.l2o.core.io.FileFormatException;

/**
 * Reads CIFAR-10 binary batches: records of 1 label byte followed by the R, G and B planes (1024 bytes each,
 * row-major 32x32). Produces NHWC pixels. A batch that is not such a file is a {@link FileFormatException}
 * naming it.
 */
public final class CifarBinaryReader {
  /** Side of a CIFAR image. */
  public static final int SIDE = 32;
  /** Pixels per plane. */
  public static final int PLANE = SIDE * SIDE;
  /** Bytes per record: label + 3 planes. */
  public static final int RECORD = 1 + 3 * PLANE;
  /** Number of CIFAR-10 classes. */
  public static final int CLASSES = 10;

  private CifarBinaryReader() {}

  /** Reads all records of {@code batches} in order into one image set called {@code name}. */
  public static ImageSet read(String name, List<Path> batches) throws IOException {
    long total = 0;
    for (Path b : batches) {
      long size = Files.size(b);
      if (size == 0 || size % RECORD != 0) {
        throw new FileFormatException(b + ": truncated or not a CIFAR-10 binary batch: size " + size
            + " bytes is not a positive multiple of the " + RECORD + "-byte record");
      }
      total += size / RECORD;
    }
    int n = Math.toIntExact(total);
    byte[] pixels = new byte[Math.multiplyExact(n, 3 * PLANE)];
    int[] labels = new int[n];
    int k = 0;
    byte[] rec = new byte[RECORD];
    for (Path b : batches) {
      try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(b), 1 << 16)) {
        for (int r = 0; in.readNBytes(rec, 0, RECORD) == RECORD; r++, k++) {
          int label = rec[0] & 0xff;
          if (label >= CLASSES) {
            throw new FileFormatException(b + ": record " + r + " has label " + label
                + ", outside 0..9: not a CIFAR-10 batch");
          }
          labels[k] = label;
          int base = k * 3 * PLANE;
          for (int p = 0; p < PLANE; p++) {
            pixels[base + 3 * p] = rec[1 + p];
            pixels[base + 3 * p + 1] = rec[1 + PLANE + p];
            pixels[base + 3 * p + 2] = rec[1 + 2 * PLANE + p];
          }
        }
      }
    }
    if (k != n) {
      throw new IOException("CIFAR batches changed while being read: expected " + n + " records, got " + k);
    }
    return new ImageSet(name, org.tensorflow.ndarray.Shape.of(SIDE, SIDE, 3), CLASSES, pixels, labels);
  }
}
