package org.l2o.cli;

import java.nio.file.Path;
import org.l2o.core.io.DirectoryLock;

/** A second process for {@link ExperimentSafetyTest}: locks an experiment directory as a training would, and waits. */
public final class LockHolder {
  private LockHolder() {}

  /** Locks {@code args[0]} as "l2o train", prints "locked" and sleeps until killed. */
  public static void main(String[] args) throws Exception {
    try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), "l2o train")) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
