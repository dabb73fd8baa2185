package org.l2o.problems.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Converts the PNG form of CIFAR-10 (one image per PNG row: 1024 RGB pixels = 32x32 row-major; labels in a
 * JSON array) into the official binary batch layout.
 */
final class CifarPngConverter {
  private CifarPngConverter() {}

  /** Decodes {@code png} (1024 x labels.length, 8-bit RGB) and writes the batch file {@code out}. */
  static void convert(Path png, int[] labels, Path out) throws IOException {
    BufferedImage img = ImageIO.read(png.toFile());
    if (img == null) {
      throw new IOException(png + ": not a readable PNG image");
    }
    Raster raster = img.getRaster();
    int width = CifarBinaryReader.PLANE;
    if (img.getWidth() != width || img.getHeight() != labels.length || raster.getNumBands() != 3
        || raster.getSampleModel().getSampleSize(0) != 8) {
      throw new IOException(png + ": expected an 8-bit RGB image of " + width + " x " + labels.length
          + " (one CIFAR image per row), got " + img.getWidth() + " x " + img.getHeight() + " with "
          + raster.getNumBands() + " bands");
    }
    byte[] hwc = new byte[labels.length * 3 * width];
    int[] row = new int[3 * width];
    for (int y = 0; y < labels.length; y++) {
      raster.getPixels(0, y, width, 1, row);
      int base = y * 3 * width;
      for (int j = 0; j < row.length; j++) {
        hwc[base + j] = (byte) row[j];
      }
    }
    CifarBinaryWriter.write(out, labels, hwc);
  }

  /** Parses a JSON array of integer labels such as {@code [6,9,9,4]}; throws naming the file otherwise. */
  static int[] parseLabels(Path json) throws IOException {
    String text = Files.readString(json).strip();
    if (!text.startsWith("[") || !text.endsWith("]")) {
      throw new IOException(json + ": expected a JSON array of labels");
    }
    String body = text.substring(1, text.length() - 1).strip();
    if (body.isEmpty()) {
      return new int[0];
    }
    String[] parts = body.split(",");
    int[] labels = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        labels[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IOException(json + ": element " + i + " '" + parts[i].strip() + "' is not an integer label");
      }
    }
    return labels;
  }
}
