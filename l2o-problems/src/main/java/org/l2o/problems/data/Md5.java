package org.l2o.problems.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5 checksums of files, used to verify dataset files whatever route they came from. */
public final class Md5 {
  private Md5() {}

  /** Lower-case hex MD5 of the file's bytes. */
  public static String of(Path file) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Lower-case hex MD5 of {@code bytes}. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** Throws {@link ChecksumMismatchException} naming the file, expected and actual MD5 if they differ. */
  public static void verify(Path file, String expected) throws IOException {
    String actual = of(file);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new ChecksumMismatchException(file, expected, actual);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5 MessageDigest", e);
    }
  }
}
