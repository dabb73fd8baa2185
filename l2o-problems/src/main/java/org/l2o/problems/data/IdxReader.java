package org.l2o.problems.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads IDX files (MNIST format): big-endian magic {@code 0x00000803} + count, rows, cols for images,
 * {@code 0x00000801} + count for labels, then unsigned bytes. Gzipped files are read transparently.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /**
   * Images of an IDX file.
   *
   * @param count  number of images
   * @param rows   image height
   * @param cols   image width
   * @param pixels row-major uint8 pixels of all images (count * rows * cols)
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /** Reads an images file; throws naming the file on a wrong magic number, truncation or trailing data. */
  public static Images readImages(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Compression.open(file))) {
      int[] header = header(file, in, IMAGES_MAGIC, "images", 3);
      long size = (long) header[0] * header[1] * header[2];
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException(file + ": IDX header declares " + size + " pixels, too many for one array");
      }
      byte[] pixels = body(file, in, (int) size,
          header[0] + " images of " + header[1] + "x" + header[2]);
      return new Images(header[0], header[1], header[2], pixels);
    }
  }

  /** Reads a labels file as values 0..255; throws naming the file on wrong magic, truncation or trailing data. */
  public static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Compression.open(file))) {
      int[] header = header(file, in, LABELS_MAGIC, "labels", 1);
      byte[] raw = body(file, in, header[0], header[0] + " labels");
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  private static int[] header(Path file, DataInputStream in, int magic, String what, int dims)
      throws IOException {
    try {
      int found = in.readInt();
      if (found != magic) {
        throw new IOException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (IDX %s file)",
            file, found, magic, what));
      }
      int[] header = new int[dims];
      for (int d = 0; d < dims; d++) {
        header[d] = in.readInt();
        if (header[d] < 0) {
          throw new IOException(file + ": negative dimension " + header[d] + " in the IDX header");
        }
      }
      return header;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated: the file ends inside the IDX header", e);
    }
  }

  private static byte[] body(Path file, DataInputStream in, int size, String declared) throws IOException {
    byte[] data = in.readNBytes(size);
    if (data.length < size) {
      throw new IOException(file + ": truncated: the header declares " + declared + " (" + size
          + " bytes of data) but only " + data.length + " bytes follow");
    }
    if (in.read() != -1) {
      throw new IOException(file + ": unexpected data after the " + declared + " the header declares");
    }
    return data;
  }
}
