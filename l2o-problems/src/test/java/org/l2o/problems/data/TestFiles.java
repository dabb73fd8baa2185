package org.l2o.problems.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic dataset files for the tests. */
final class TestFiles {
  private TestFiles() {}

  /** Bytes of an IDX images file. */
  static byte[] idxImages(int n, int rows, int cols, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxReader.IMAGES_MAGIC);
      out.writeInt(n);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(pixels);
    }
    return bytes.toByteArray();
  }

  /** Bytes of an IDX labels file. */
  static byte[] idxLabels(int[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(IdxReader.LABELS_MAGIC);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    }
    return bytes.toByteArray();
  }

  /** Gzip of {@code data}. */
  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** Pixel values 0..255 spread so that values above 127 occur. */
  static byte[] ramp(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i * 37 + seed * 11) % 256);
    }
    return b;
  }

  /** Writes bytes to {@code dir/name} and returns the path. */
  static Path write(Path dir, String name, byte[] data) throws IOException {
    return Files.write(dir.resolve(name), data);
  }
}
