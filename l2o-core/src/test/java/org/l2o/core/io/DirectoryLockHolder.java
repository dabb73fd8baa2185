package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A second process for the lock tests: locks the directory given as argument, says so, and waits. */
public final class DirectoryLockHolder {
  private DirectoryLockHolder() {}

  /** Locks {@code args[0]} as the command {@code args[1]}, prints "locked" and sleeps until killed. */
  public static void main(String[] args) throws Exception {
    try (DirectoryLock lock = DirectoryLock.acquire(Path.of(args[0]), args[1])) {
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }

  /** Starts a JVM that holds the lock of {@code dir} as {@code command}; returns once it holds it. */
  public static Process start(Path dir, String command) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        DirectoryLockHolder.class.getName(), dir.toString(), command)).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return e.toString();
      }
    }).get(60, TimeUnit.SECONDS)).isEqualTo("locked");
    return p;
  }
}
