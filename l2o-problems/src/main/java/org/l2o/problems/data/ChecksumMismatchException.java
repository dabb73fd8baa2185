package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file whose MD5 differs from the reference checksum. */
public final class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String expected;
  private final String actual;

  /** Builds the message from the file, the expected and the actual MD5. */
  public ChecksumMismatchException(Path file, String expected, String actual) {
    super("checksum mismatch for " + file + ": expected MD5 " + expected + ", got " + actual);
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }

  /** The file that failed verification. */
  public Path file() { return file; }

  /** The reference MD5. */
  public String expected() { return expected; }

  /** The MD5 of the file as found. */
  public String actual() { return actual; }
}
