package org.l2o.problems.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes CIFAR binary files of a {@link CifarLayout} (label bytes + R, G, B planes per record) from NHWC pixels. */
public final class CifarBinaryWriter {
  private CifarBinaryWriter() {}

  /**
   * Writes {@code labels.length} CIFAR-10 records.
   *
   * @param file      target batch file
   * @param labels    one label 0..9 per image
   * @param hwcPixels NHWC uint8 pixels, 32x32x3 per image
   */
  public static void write(Path file, int[] labels, byte[] hwcPixels) throws IOException {
    int[][] perRecord = new int[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      perRecord[i] = new int[] {labels[i]};
    }
    write(file, CifarLayout.CIFAR10, perRecord, hwcPixels);
  }

  /**
   * Writes {@code labels.length} records of {@code layout}.
   *
   * @param file      target file
   * @param layout    the record layout
   * @param labels    per image its label bytes in file order (CIFAR-100: coarse, fine)
   * @param hwcPixels NHWC uint8 pixels, 32x32x3 per image
   */
  public static void write(Path file, CifarLayout layout, int[][] labels, byte[] hwcPixels) throws IOException {
    int plane = CifarBinaryReader.PLANE;
    if (hwcPixels.length != labels.length * 3 * plane) {
      throw new IllegalArgumentException(labels.length + " CIFAR images need " + labels.length * 3 * plane
          + " pixels, got " + hwcPixels.length);
    }
    int lb = layout.labelBytes();
    byte[] rec = new byte[layout.recordSize()];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i].length != lb) {
          throw new IllegalArgumentException("image " + i + " has " + labels[i].length + " label bytes, a "
              + layout.description() + " record has " + lb);
        }
        for (int b = 0; b < lb; b++) {
          if (labels[i][b] < 0 || labels[i][b] >= layout.labelRange(b)) {
            throw new IllegalArgumentException(layout.labelName(b) + " " + labels[i][b] + " of image " + i
                + " is outside 0.." + (layout.labelRange(b) - 1));
          }
          rec[b] = (byte) labels[i][b];
        }
        int base = i * 3 * plane;
        for (int p = 0; p < plane; p++) {
          for (int c = 0; c < 3; c++) {
            rec[lb + c * plane + p] = hwcPixels[base + 3 * p + c];
          }
        }
        out.write(rec);
      }
    }
  }
}
