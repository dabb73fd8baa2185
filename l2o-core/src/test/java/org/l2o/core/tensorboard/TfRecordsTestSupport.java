package org.l2o.core.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Frames bytes as one TFRecord, for tests of what lies inside the framing. */
final class TfRecordsTestSupport {
  private TfRecordsTestSupport() {}

  static byte[] frame(byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(data.length);
    b.putInt(TfRecords.maskedCrc(b.array(), 0, 8));
    b.put(data);
    b.putInt(TfRecords.maskedCrc(data, 0, data.length));
    return b.array();
  }
}
