package org.l2o.problems.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes CIFAR-10 binary batch files (1 label byte + R, G, B planes per record) from NHWC pixels. */
public final class CifarBinaryWriter {
  private CifarBinaryWriter() {}

  /**
   * Writes {@code labels.length} records.
   *
   * @param file      target batch file
   * @param labels    one label 0..9 per image
   * @param hwcPixels NHWC uint8 pixels, 32x32x3 per image
   */
  public static void write(Path file, int[] labels, byte[] hwcPixels) throws IOException {
    int plane = CifarBinaryReader.PLANE;
    if (hwcPixels.length != labels.length * 3 * plane) {
      throw new IllegalArgumentException(labels.length + " CIFAR images need " + labels.length * 3 * plane
          + " pixels, got " + hwcPixels.length);
    }
    byte[] rec = new byte[CifarBinaryReader.RECORD];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0 || labels[i] >= CifarBinaryReader.CLASSES) {
          throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside 0..9");
        }
        rec[0] = (byte) labels[i];
        int base = i * 3 * plane;
        for (int p = 0; p < plane; p++) {
          for (int c = 0; c < 3; c++) {
            rec[1 + c * plane + p] = hwcPixels[base + 3 * p + c];
          }
        }
        out.write(rec);
      }
    }
  }
}
