package org.l2o.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An exclusive lock on a directory while a process works in it (an experiment directory while it is trained,
 * resumed, evaluated or packaged), so that two processes never write the same files.
 *
 * <p>The lock is an operating-system lock ({@link FileChannel#tryLock()}) on {@code <dir>/.l2o.lock}: the OS
 * releases it when the holding process ends in any way, SIGKILL included, so a lock left by a dead process is
 * never stale; the next run simply takes it. The holder writes its pid, command and start time into the file so
 * that a refused process can say who holds the directory; the file itself is kept (deleting it would let two
 * processes lock two different files of the same name).
 *
 * <p>Within one JVM the lock is re-entrant for the thread that holds it (a command that locks a directory may call
 * library code that locks it again) and refused for other threads. {@link #close()} releases one acquisition.
 */
public final class DirectoryLock implements AutoCloseable {
  /** The lock file inside the directory. */
  public static final String FILE_NAME = ".l2o.lock";

  /** The locks this JVM holds, by real directory path; guarded by itself. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private final Path key;
  private final Path directory;
  private boolean closed;

  private DirectoryLock(Path key, Path directory) {
    this.key = key;
    this.directory = directory;
  }

  /** One OS lock held by this JVM, with its owner thread and how many acquisitions are open. */
  private static final class Held {
    final Thread owner;
    final FileChannel channel;
    final FileLock lock;
    final String holder;
    int count = 1;

    Held(Thread owner, FileChannel channel, FileLock lock, String holder) {
      this.owner = owner;
      this.channel = channel;
      this.lock = lock;
      this.holder = holder;
    }
  }

  /**
   * Locks an existing directory, or refuses at once if another process holds it.
   *
   * @param directory the directory (must exist)
   * @param purpose   what the holder does, recorded for a refused process, e.g. {@code "l2o train"}
   * @return the lock; close it when the work is done
   * @throws DirectoryInUseException if another process (or another thread of this one) holds the directory
   * @throws IOException if the directory does not exist or the lock file cannot be created
   */
  public static DirectoryLock acquire(Path directory, String purpose) throws IOException {
    return acquire(directory, purpose, false);
  }

  /**
   * As {@link #acquire}, for work that only reads the directory (e.g. packaging an experiment): where the lock
   * file can neither be created nor opened for writing because the directory is read-only for this user, no
   * process of this user can be writing there, and an unheld lock is returned instead of an error.
   *
   * @param directory the directory (must exist)
   * @param purpose what the holder does, recorded for a refused process
   * @return the lock (possibly unheld, see {@link #held()}); close it when the work is done
   * @throws DirectoryInUseException if another process (or another thread of this one) holds the directory
   * @throws java.io.IOException if the directory does not exist, or the lock file cannot be created in a writable one
   */
  public static DirectoryLock acquireForReading(Path directory, String purpose) throws IOException {
    return acquire(directory, purpose, true);
  }

  private static DirectoryLock acquire(Path directory, String purpose, boolean readOnlyOk) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(purpose, "purpose");
    Path key;
    try {
      key = directory.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IOException("cannot lock " + directory + ": no such directory", e);
    }
    if (!Files.isDirectory(key)) {
      throw new IOException("cannot lock " + directory + ": not a directory");
    }
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held != null) {
        if (held.owner == Thread.currentThread()) {
          held.count++;
          return new DirectoryLock(key, directory);
        }
        throw new DirectoryInUseException(directory, held.holder + " (this process, thread " + held.owner.getName()
            + ")");
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
      } catch (AccessDeniedException | ReadOnlyFileSystemException e) {
        if (readOnlyOk && !Files.isWritable(key)) {
          return new DirectoryLock(null, directory);
        }
        throw new IOException("cannot lock " + directory + ": cannot write " + FILE_NAME + " there ("
            + (e instanceof AccessDeniedException ? "permission denied" : "read-only file system") + ")", e);
      }
      try {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held through another channel of this JVM, outside this class
        }
        if (lock == null) {
          throw new DirectoryInUseException(directory, recordedHolder(channel));
        }
        String holder = describe(purpose);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        HELD.put(key, new Held(Thread.currentThread(), channel, lock, holder));
        return new DirectoryLock(key, directory);
      } catch (IOException | RuntimeException | Error e) {
        closeQuietly(channel, e);
        throw e;
      }
    }
  }

  /** {@return the locked directory, as given} */
  public Path directory() {
    return directory;
  }

  /** {@return true if this lock holds the OS lock (false only for an unheld lock of a read-only directory)} */
  public boolean held() {
    return key != null;
  }

  /** Releases this acquisition; the OS lock is released (and the holder record cleared) with the last one. */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (closed || key == null) {
        closed = true;
        return;
      }
      closed = true;
      Held held = HELD.get(key);
      if (held == null || --held.count > 0) {
        return;
      }
      HELD.remove(key);
      try (FileChannel channel = held.channel) {
        channel.truncate(0);
        held.lock.release();
      }
    }
  }

  /** What a holder records: pid, command and the start time of its process. */
  private static String describe(String purpose) {
    ProcessHandle self = ProcessHandle.current();
    Instant started = self.info().startInstant().orElse(Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    return "pid " + self.pid() + " (" + purpose + ", started " + started + ")";
  }

  private static String recordedHolder(FileChannel channel) throws IOException {
    long size = Math.min(channel.size(), 4096);
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read the whole record
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "a process that has not recorded itself yet" : text;
  }

  private static void closeQuietly(FileChannel channel, Throwable cause) {
    try {
      channel.close();
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }
}
