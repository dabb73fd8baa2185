package org.l2o.problems.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import org.l2o.core.io.FileFormatException;

/**
 * Reads IDX files (MNIST format): big-endian magic {@code 0x00000803} + count, rows, cols for images,
 * {@code 0x00000801} + count for labels, then unsigned bytes. Gzipped files are read transparently.
 *
 * <p>Content that is not such a file (wrong magic, a truncated or overlong body, corrupted gzip data) is a
 * {@link FileFormatException} naming the file; declared sizes are checked before anything is allocated.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** The largest array the JVM allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

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
    return read(file, in -> {
      int[] header = header(file, in, IMAGES_MAGIC, "images", 3);
      String declared = header[0] + " images of " + header[1] + "x" + header[2];
      long size = (long) header[0] * header[1]; // below 2^62; the third factor could overflow a long
      if (header[2] != 0 && size > MAX_ARRAY / header[2]) {
        throw new FileFormatException(file + ": IDX header declares " + declared + ", too many pixels for one array");
      }
      byte[] pixels = body(file, in, (int) (size * header[2]), declared);
      return new Images(header[0], header[1], header[2], pixels);
    });
  }

  /** Reads a labels file as values 0..255; throws naming the file on wrong magic, truncation or trailing data. */
  public static int[] readLabels(Path file) throws IOException {
    return read(file, in -> {
      int[] header = header(file, in, LABELS_MAGIC, "labels", 1);
      byte[] raw = body(file, in, header[0], header[0] + " labels");
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    });
  }

  /** Reads the content of an IDX file from its decompressed stream. */
  private interface Content<T> {
    T read(DataInputStream in) throws IOException;
  }

  /**
   * Runs {@code content} on the file's (decompressed) stream. An I/O error inside gzip data means the data is
   * corrupted (a bad block or checksum, a cut-off member), which the decompressor reports without the file.
   */
  private static <T> T read(Path file, Content<T> content) throws IOException {
    boolean gzipped = Compression.isGzip(file);
    try (DataInputStream in = new DataInputStream(Compression.open(file))) {
      return content.read(in);
    } catch (FileFormatException | java.nio.file.FileSystemException e) {
      throw e; // already named, or the file system's own error (missing, permission), not corrupted data
    } catch (IOException e) {
      if (!gzipped) {
        throw e;
      }
      throw new FileFormatException(file + ": corrupted gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static int[] header(Path file, DataInputStream in, int magic, String what, int dims)
      throws IOException {
    try {
      int found = in.readInt();
      if (found != magic) {
        throw new FileFormatException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (IDX %s file)",
            file, found, magic, what));
      }
      int[] header = new int[dims];
      for (int d = 0; d < dims; d++) {
        header[d] = in.readInt();
        if (header[d] < 0) {
          throw new FileFormatException(file + ": negative dimension " + header[d] + " in the IDX header");
        }
      }
      return header;
    } catch (EOFException e) {
      throw new FileFormatException(file + ": truncated: the file ends inside the IDX header", e);
    }
  }

  private static byte[] body(Path file, DataInputStream in, int size, String declared) throws IOException {
    byte[] data = in.readNBytes(size);
    if (data.length < size) {
      throw new FileFormatException(file + ": truncated: the header declares " + declared + " (" + size
          + " bytes of data) but only " + data.length + " bytes follow");
    }
    if (in.read() != -1) {
      throw new FileFormatException(file + ": unexpected data after the " + declared + " the header declares");
    }
    return data;
  }
}
