package org.l2o.core.json;

/** A configuration, override, preset, schedule or config.json problem; the message names the path or file. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says where and what was expected.
   *
   * @param message says where and what was expected
   */
  public ConfigException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause (I/O or JSON parsing).
   *
   * @param message says where and what was expected
   * @param cause the I/O or JSON parsing error
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
