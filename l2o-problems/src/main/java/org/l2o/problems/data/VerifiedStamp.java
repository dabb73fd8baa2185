package org.l2o.problems.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Checks a cached dataset file against its reference MD5 and remembers a success in a stamp next to it
 * ({@code .NAME.verified}: MD5, size and modification time). A stamp whose size or time no longer match the
 * file is ignored, so any rewrite of the file forces a new hash; a mismatch throws naming the file and both
 * checksums. A cache that cannot be written is still verified, only hashed again next time.
 */
public final class VerifiedStamp {
  /** How a file was found to be intact. */
  public enum Outcome {
    /** Its stamp matched its size and time: not hashed again. */
    STAMPED,
    /** Hashed now and equal to the reference. */
    HASHED
  }

  private VerifiedStamp() {}

  /** The stamp file of {@code file}. */
  public static Path stampOf(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".verified");
  }

  /**
   * Verifies {@code file} against {@code expectedMd5}, by its stamp where that is current, else by hashing;
   * throws {@link ChecksumMismatchException} if the hash differs.
   */
  public static Outcome verify(Path file, String expectedMd5) throws IOException {
    String attributes = attributes(file);
    String expected = expectedMd5.toLowerCase(Locale.ROOT);
    if ((expected + " " + attributes).equals(readStamp(file))) {
      return Outcome.STAMPED;
    }
    Md5.verify(file, expected);
    // Stamp only what was hashed: if the file changed while hashing, leave it unstamped.
    if (attributes.equals(attributes(file))) {
      writeStamp(file, expected + " " + attributes);
    }
    return Outcome.HASHED;
  }

  /** "size mtime-in-nanoseconds" of the file. */
  private static String attributes(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
  }

  private static String readStamp(Path file) {
    try {
      return Files.readString(stampOf(file), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return null; // no stamp, or an unreadable one: it only costs a new hash
    }
  }

  private static void writeStamp(Path file, String content) {
    Path stamp = stampOf(file);
    Path tmp = stamp.resolveSibling(stamp.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, stamp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // Read-only cache: verification stands, the stamp is just not kept.
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to clean
      }
    }
  }
}
