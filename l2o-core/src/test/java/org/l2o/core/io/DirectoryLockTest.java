package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of a directory, with a second real process (a JVM on the test class path) as the other holder. */
class DirectoryLockTest {
  @TempDir Path dir;

  @Test
  void aSecondProcessIsRefusedNamingTheHolderAndADeadHoldersLockIsTakenOver() throws Exception {
    Process other = DirectoryLockHolder.start(dir, "holder test");
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> DirectoryLock.acquire(dir, "l2o train"))
          .isInstanceOf(DirectoryInUseException.class)
          .hasMessageContaining(dir + " is in use by another l2o process: pid " + other.pid() + " (holder test, started");
      assertThat(System.nanoTime() - start).as("refused at once").isLessThan(TimeUnit.SECONDS.toNanos(5));
    } finally {
      other.destroyForcibly(); // SIGKILL: the holder gets no chance to clean up
      other.waitFor(30, TimeUnit.SECONDS);
    }
    try (DirectoryLock lock = DirectoryLock.acquire(dir, "l2o resume")) {
      assertThat(lock.held()).isTrue();
      assertThat(Files.readString(dir.resolve(DirectoryLock.FILE_NAME)))
          .startsWith("pid " + ProcessHandle.current().pid() + " (l2o resume, started ");
    }
    assertThat(Files.size(dir.resolve(DirectoryLock.FILE_NAME))).as("record cleared on release").isZero();
  }

  @Test
  void reentrantForItsThreadRefusedForAnotherThread() throws Exception {
    try (DirectoryLock outer = DirectoryLock.acquire(dir, "l2o quickstart")) {
      try (DirectoryLock inner = DirectoryLock.acquire(dir, "training")) {
        assertThat(inner.held()).isTrue();
      }
      // still held after the inner release
      CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
        try (DirectoryLock l = DirectoryLock.acquire(dir, "other thread")) {
          return null;
        } catch (Exception e) {
          return e;
        }
      });
      assertThat(other.get(10, TimeUnit.SECONDS)).isInstanceOf(DirectoryInUseException.class)
          .hasMessageContaining("l2o quickstart").hasMessageContaining("this process");
    }
    try (DirectoryLock again = DirectoryLock.acquire(dir, "after release")) {
      assertThat(again.held()).isTrue();
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    assertThatThrownBy(() -> DirectoryLock.acquire(dir.resolve("absent"), "x"))
        .hasMessageContaining("cannot lock " + dir.resolve("absent") + ": no such directory");
  }
}
