package org.l2o.core.tf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Turns TensorFlow's native INFO lines off by default: the oneDNN and CPU-feature notices, and the line TF Java's
 * native code logs for every use of a gradient registered from Java ({@code Calling Java gradient function for
 * operation of type ...}, once per {@code minimize} of a classifier).
 *
 * <p>TensorFlow's C++ logging reads {@code TF_CPP_MIN_LOG_LEVEL} from the process environment once, at its first
 * message, which it writes while its library loads. Java cannot change its own environment, so
 * {@link #quietByDefault()} sets the variable through the C library's {@code setenv} (with JNA), keeping a value the
 * user set. It works only if it runs before the first use of a TensorFlow class: {@code L2O} and the CLI call it
 * from their class initialisation; a program that touches TensorFlow first sets {@code TF_CPP_MIN_LOG_LEVEL} itself.
 * The two absl lines ({@code MLIR V1 optimization pass is not enabled}) follow no environment variable and remain.
 */
public final class NativeLogLevel {
  /** The environment variable TensorFlow's C++ logging reads. */
  public static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
  /** The level set by default: 2 hides INFO and WARNING lines and keeps ERROR and FATAL. */
  static final String DEFAULT = "2";

  private static volatile boolean done;

  private NativeLogLevel() {}

  /** The C library's {@code setenv}. */
  private interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /**
   * Sets {@code TF_CPP_MIN_LOG_LEVEL=2} in the process environment unless it is set already (in the environment
   * the JVM started with or by an earlier call). Does nothing on Windows (whose TF Java has no Java gradients) or
   * where the C library cannot be reached; never throws.
   *
   * @return true if this call set the variable
   */
  public static synchronized boolean quietByDefault() {
    if (done) {
      return false;
    }
    done = true;
    if (System.getenv(VARIABLE) != null || Platform.isWindows()) {
      return false;
    }
    try {
      CLibrary c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
      return c.setenv(VARIABLE, DEFAULT, 0) == 0;
    } catch (LinkageError | RuntimeException e) {
      return false; // only log lines are at stake
    }
  }
}
