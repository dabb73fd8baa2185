package org.l2o.problems.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The data cache on disk: one directory per dataset holding its standard files. New content is assembled
 * in a hidden work directory inside the root and moved into place atomically, so a dataset directory is
 * either absent or complete and verified. Writers hold a per-dataset lock (between threads and processes).
 */
public final class DataStore {
  private static final ConcurrentHashMap<String, Object> JVM_LOCKS = new ConcurrentHashMap<>();
  private final Path root;

  /** A store rooted at {@code root} (created on first write). */
  public DataStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** The cache root. */
  public Path root() {
    return root;
  }

  /** Directory of a dataset (may not exist). */
  public Path datasetDir(DatasetInfo info) {
    return root.resolve(info.name());
  }

  /** Standard files of {@code info} that are not in its directory. */
  public List<String> missingFiles(DatasetInfo info) {
    Path dir = datasetDir(info);
    List<String> missing = new ArrayList<>();
    for (DataFile f : info.files()) {
      if (!Files.isRegularFile(dir.resolve(f.fileName()))) {
        missing.add(f.fileName());
      }
    }
    return missing;
  }

  /** Whether all standard files of {@code info} are present. */
  public boolean isPresent(DatasetInfo info) {
    return missingFiles(info).isEmpty();
  }

  /** Bytes on disk of the dataset's directory (0 if absent). */
  public long sizeOnDisk(DatasetInfo info) {
    Path dir = datasetDir(info);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  /** Work to run while holding the dataset's write lock. */
  @FunctionalInterface
  public interface Locked<T> {
    /** Runs the work. */
    T run() throws IOException;
  }

  /** Runs {@code work} holding the write lock of {@code name}, in this JVM and across processes. */
  public <T> T withLock(String name, Locked<T> work) throws IOException {
    Object jvmLock = JVM_LOCKS.computeIfAbsent(root + "|" + name, k -> new Object());
    synchronized (jvmLock) {
      Path locks = Files.createDirectories(root.resolve(".locks"));
      try (FileChannel ch = FileChannel.open(locks.resolve(name + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        try {
          removeLeftovers(name);
          return work.run();
        } finally {
          lock.release();
        }
      }
    }
  }

  /** Creates a fresh hidden work directory for {@code name} inside the root (call under the lock). */
  public Path newWorkDir(String name) throws IOException {
    Files.createDirectories(root);
    return Files.createTempDirectory(root, ".tmp-" + name + "-");
  }

  /**
   * Moves the verified directory {@code files} into place as the dataset's directory, replacing an
   * existing one (call under the lock).
   */
  public Path install(DatasetInfo info, Path files) throws IOException {
    Path target = datasetDir(info);
    Path old = null;
    if (Files.exists(target)) {
      old = root.resolve(".old-" + info.name() + "-" + System.nanoTime());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(files, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteRecursively(old);
    }
    return target;
  }

  /** Deletes work or replaced directories left by an interrupted process (we hold the lock). */
  private void removeLeftovers(String name) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root,
        p -> p.getFileName().toString().startsWith(".tmp-" + name + "-")
            || p.getFileName().toString().startsWith(".old-" + name + "-"))) {
      for (Path p : ds) {
        deleteRecursively(p);
      }
    }
  }

  /** Deletes a file or directory tree if it exists. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(path)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
