package org.l2o.core.io;

import java.io.IOException;

/**
 * A file of one of the experiment formats ({@code .npy}, {@code .npz}, {@code summary.csv}) or of the
 * dataset formats (IDX, CIFAR-10 binary, SVHN {@code .mat}) that cannot be read because its content is
 * wrong: truncated, corrupted or of an unsupported kind. The message always names the file (and the entry
 * or line) and what was wrong.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; the message names the file and what was wrong.
   *
   * @param message names the file and what was wrong
   */
  public FileFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the low-level cause (e.g. a {@link java.util.zip.ZipException}).
   *
   * @param message names the file and what was wrong
   * @param cause the low-level exception
   */
  public FileFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
