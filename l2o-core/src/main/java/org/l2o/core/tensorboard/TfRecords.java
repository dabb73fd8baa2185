package org.l2o.core.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.l2o.core.io.FileFormatException;

/**
 * TensorFlow's TFRecord framing, the container of event files: per record a little-endian uint64 length, the
 * masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data. Both checksums are checked.
 */
public final class TfRecords {
  private static final int MASK_DELTA = 0xa282ead8;
  private static final int HEADER = 12;
  private static final int FOOTER = 4;

  private TfRecords() {}

  /**
   * The records of {@code file}, in order.
   *
   * @param file the TFRecord file
   * @return the records' payloads
   * @throws FileFormatException naming the file, the record (0-based) and its byte offset, if a record is
   *     truncated, too long or fails its length or data checksum
   */
  public static List<byte[]> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    for (int record = 0; in.hasRemaining(); record++) {
      int offset = in.position();
      String where = file + ": record " + record + " at byte " + offset;
      if (in.remaining() < HEADER) {
        throw new FileFormatException(where + ": truncated header (" + in.remaining() + " of " + HEADER + " bytes)");
      }
      long length = in.getLong();
      int lengthCrc = in.getInt();
      if (lengthCrc != maskedCrc(in.array(), offset, 8)) {
        throw new FileFormatException(where + ": the length's CRC32C does not match (damaged file)");
      }
      if (length < 0 || length > in.remaining() - FOOTER) {
        throw new FileFormatException(where + ": truncated: the record has " + Long.toUnsignedString(length)
            + " bytes of data, the file " + Math.max(0, in.remaining() - FOOTER) + " more");
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      if (in.getInt() != maskedCrc(data, 0, data.length)) {
        throw new FileFormatException(where + ": the data's CRC32C does not match (damaged file)");
      }
      out.add(data);
    }
    return out;
  }

  /** TFRecord's masked CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
  static int maskedCrc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
