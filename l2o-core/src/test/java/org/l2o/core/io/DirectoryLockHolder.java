package org.l2o.core.io;

import java.nio.file.Path;

/** A second process for {@link DirectoryLockTest}: locks the directory given as argument, says so, and waits. */
public final class DirectoryLockHolder {
  private DirectoryLockHolder() {}

  /** Locks {@code args[0]}, prints "locked" and sleeps until killed. */
  public static void main(String[] args) throws Exception {
    try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "holder test")) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
