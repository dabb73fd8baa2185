package org.l2o.problems.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.l2o.core.data.ImageSet;
import org.l2o.core.io.FileFormatException;
import org.tensorflow.ndarray.Shape;

/**
 * Reads the official CIFAR binary files of a {@link CifarLayout}: records of label bytes followed by the R, G and B
 * planes (1024 bytes each, row-major 32x32). Produces NHWC pixels and the layout's example label (CIFAR-100: the fine
 * label). A file that is not such a file is a {@link FileFormatException} naming it.
 */
public final class CifarBinaryReader {
  /** Side of a CIFAR image. */
  public static final int SIDE = 32;
  /** Pixels per plane. */
  public static final int PLANE = SIDE * SIDE;
  /** Bytes per CIFAR-10 record: label + 3 planes. */
  public static final int RECORD = 1 + 3 * PLANE;
  /** Number of CIFAR-10 classes. */
  public static final int CLASSES = 10;

  private CifarBinaryReader() {}

  /** Reads all records of the CIFAR-10 {@code batches} in order into one image set called {@code name}. */
  public static ImageSet read(String name, List<Path> batches) throws IOException {
    return read(name, batches, CifarLayout.CIFAR10);
  }

  /** Reads all records of {@code files} (of {@code layout}) in order into one image set called {@code name}. */
  public static ImageSet read(String name, List<Path> files, CifarLayout layout) throws IOException {
    int recordSize = layout.recordSize();
    long total = 0;
    for (Path f : files) {
      long size = Files.size(f);
      if (size == 0 || size % recordSize != 0) {
        throw new FileFormatException(f + ": truncated or not a " + layout.description() + ": size " + size
            + " bytes is not a positive multiple of the " + recordSize + "-byte record");
      }
      total += size / recordSize;
    }
    int n = Math.toIntExact(total);
    byte[] pixels = new byte[Math.multiplyExact(n, 3 * PLANE)];
    int[] labels = new int[n];
    int k = 0;
    int labelBytes = layout.labelBytes();
    byte[] rec = new byte[recordSize];
    for (Path f : files) {
      // For each value of the example label, the other label bytes seen with it (first record) : -1 until seen.
      int[][] pairedWith = new int[labelBytes][layout.classes()];
      int[] firstRecord = new int[layout.classes()];
      for (int[] p : pairedWith) {
        Arrays.fill(p, -1);
      }
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
        for (int r = 0; in.readNBytes(rec, 0, recordSize) == recordSize; r++, k++) {
          for (int b = 0; b < labelBytes; b++) {
            int v = rec[b] & 0xff;
            if (v >= layout.labelRange(b)) {
              throw new FileFormatException(f + ": record " + r + " has " + layout.labelName(b) + " " + v
                  + ", outside 0.." + (layout.labelRange(b) - 1) + ": not a " + layout.description());
            }
          }
          int label = rec[layout.labelIndex()] & 0xff;
          checkPairing(f, layout, rec, r, label, pairedWith, firstRecord);
          labels[k] = label;
          int base = k * 3 * PLANE;
          for (int p = 0; p < PLANE; p++) {
            pixels[base + 3 * p] = rec[labelBytes + p];
            pixels[base + 3 * p + 1] = rec[labelBytes + PLANE + p];
            pixels[base + 3 * p + 2] = rec[labelBytes + 2 * PLANE + p];
          }
        }
      }
    }
    if (k != n) {
      throw new IOException("CIFAR files changed while being read: expected " + n + " records, got " + k);
    }
    return new ImageSet(name, Shape.of(SIDE, SIDE, 3), layout.classes(), pixels, labels);
  }

  /** The other label bytes must be a function of the example label within a file (CIFAR-100: coarse of fine). */
  private static void checkPairing(Path f, CifarLayout layout, byte[] rec, int r, int label, int[][] pairedWith,
      int[] firstRecord) throws FileFormatException {
    for (int b = 0; b < layout.labelBytes(); b++) {
      if (b == layout.labelIndex()) {
        continue;
      }
      int v = rec[b] & 0xff;
      int seen = pairedWith[b][label];
      if (seen < 0) {
        pairedWith[b][label] = v;
        firstRecord[label] = r;
      } else if (seen != v) {
        throw new FileFormatException(f + ": record " + r + " has " + layout.labelName(layout.labelIndex()) + " "
            + label + " with " + layout.labelName(b) + " " + v + ", record " + firstRecord[label] + " with "
            + layout.labelName(b) + " " + seen + ": not a " + layout.description());
      }
    }
  }
}
