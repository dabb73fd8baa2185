package org.l2o.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.l2o.core.json.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one clear line on stderr and exit status 1; the stack trace is
 * printed only with {@code -Dl2o.debug=true}. Expected user errors (bad input files, bad config) are
 * {@link IllegalArgumentException}, {@link IllegalStateException}, {@link IOException} or {@link ConfigException};
 * anything else is named with its type, so that a bare {@code error: -468} never stands alone. A full disk is
 * said to be one, whichever layer (TensorFlow's included) reported it.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  /** What the operating system says when a write finds the disk full; TensorFlow wraps it in its own errors. */
  static final String DISK_FULL = "No space left on device";

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message(ex)));
    if (Boolean.getBoolean("l2o.debug")) {
      ex.printStackTrace(cmd.getErr());
    } else if (!expected(ex)) {
      cmd.getErr().println("(run with L2O_JAVA_OPTS=-Dl2o.debug=true for the stack trace)");
    }
    return 1;
  }

  /** The one line shown for {@code ex}. */
  static String message(Throwable ex) {
    if (ex instanceof UncheckedIOException u && u.getCause() != null) {
      return message(u.getCause()); // its own message is the cause's with the class name in front
    }
    Throwable full = diskFull(ex);
    if (full != null) {
      // TensorFlow reports a full disk as RESOURCE_EXHAUSTED, with a hint about memory that does not apply
      return "the disk is full (" + DISK_FULL + "): " + firstLine(full.getMessage());
    }
    if (ex instanceof FileSystemException f && f.getReason() == null) {
      // these carry only the path as their message
      if (ex instanceof NoSuchFileException) {
        return "no such file or directory: " + f.getFile();
      }
      if (ex instanceof AccessDeniedException) {
        return "permission denied: " + f.getFile();
      }
      if (ex instanceof FileAlreadyExistsException) {
        return "already exists: " + f.getFile();
      }
      if (ex instanceof NotDirectoryException) {
        return "not a directory: " + f.getFile();
      }
    }
    String text = ex.getMessage();
    if (expected(ex) && text != null) {
      return text;
    }
    return "unexpected " + ex.getClass().getSimpleName() + (text == null ? "" : ": " + text);
  }

  /** The exceptions of bad input, whose message is the whole story. */
  private static boolean expected(Throwable ex) {
    return ex instanceof IllegalArgumentException || ex instanceof IllegalStateException || ex instanceof IOException
        || ex instanceof UncheckedIOException || ex instanceof ConfigException;
  }

  /**
   * The innermost cause that says the disk is full and more than that (its message names the file, without the
   * wrappers' prefixes), else the innermost that says it at all; null if none does.
   */
  private static Throwable diskFull(Throwable ex) {
    Throwable found = null;
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = t.getMessage();
      if (text != null && text.contains(DISK_FULL) && (found == null || !text.trim().equals(DISK_FULL))) {
        found = t;
      }
    }
    return found;
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).trim();
  }
}
