package org.l2o.problems.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.l2o.core.io.FileFormatException;

/** Gzip detection (by magic bytes, not by name) and decompression. */
final class Compression {
  private Compression() {}

  /** Whether the file starts with the gzip magic bytes 1f 8b. */
  static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** Opens {@code file}, transparently decompressing it if it is gzipped. */
  static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    boolean gz;
    try {
      raw.mark(2);
      gz = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
    } catch (IOException e) {
      raw.close();
      throw new IOException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (!gz) {
      return raw;
    }
    try {
      return new BufferedInputStream(
          GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get(), 1 << 16);
    } catch (IOException e) { // the gzip magic is there, the header after it is not (cut off or corrupted)
      raw.close();
      throw new FileFormatException(file + ": corrupted gzip header (" + e.getMessage() + ")", e);
    }
  }

  /** Copies {@code src} to {@code dst}, decompressing it if it is gzipped. */
  static void copyUncompressed(Path src, Path dst) throws IOException {
    try (InputStream in = open(src); OutputStream out = Files.newOutputStream(dst)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new IOException("cannot decompress " + src + ": " + e.getMessage(), e);
    }
  }
}
