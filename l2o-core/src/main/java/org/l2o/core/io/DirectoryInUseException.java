package org.l2o.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A directory is locked by another process (or another thread of this one) that works in it; the message names
 * the directory and the holder (pid, command, start time) as the holder recorded it in the lock file.
 */
public class DirectoryInUseException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param directory the locked directory
   * @param holder    who holds it, as recorded in the lock file
   */
  public DirectoryInUseException(Path directory, String holder) {
    super(directory + " is in use by another l2o process: " + holder + ". Wait for it to finish or stop it"
        + " (the lock of a process that died is released by the operating system and taken over by the next run)");
  }
}
