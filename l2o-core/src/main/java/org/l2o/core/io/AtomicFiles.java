package org.l2o.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, is forced
 * to disk, and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers
 * (and a run resumed after a crash) therefore see either the previous complete file or the new
 * complete file, never a half-written one under the final name.
 *
 * <p>The temporary file is named {@code .<name>.<random>.tmp}; it is deleted when writing fails.
 * Only a crash of the JVM itself can leave one behind, and it never shadows the real file. Missing
 * parent directories are created.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Produces the content of a file onto a stream; the stream is closed by {@link AtomicFiles}. */
  @FunctionalInterface
  public interface ContentWriter {
    /**
     * Writes the whole content.
     *
     * @param out buffered stream onto the temporary file; do not close it
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Atomically replaces {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /** Atomically replaces {@code target} with {@code text} encoded as UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Atomically replaces {@code target} with what {@code writer} produces. If the writer throws, the
   * target is left untouched (absent or with its previous content) and the exception propagates.
   */
  public static void write(Path target, ContentWriter writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    Path absolute = absolute(target);
    Path temp = durableTemp(absolute, writer);
    try {
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
    syncDirectory(absolute.getParent());
  }

  /**
   * Creates {@code target} with {@code text} (UTF-8) if it does not exist yet, atomically: a reader sees no file or
   * the whole content, and of two concurrent writers exactly one wins (a hard link of a finished temporary file;
   * where the file system has no hard links, a check before the rename).
   *
   * @return true if this call created the file, false if it existed already (its content is then untouched)
   */
  public static boolean createNew(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    Path absolute = absolute(target);
    Path temp = durableTemp(absolute, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    try {
      try {
        Files.createLink(absolute, temp);
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) {
        if (Files.exists(absolute)) {
          return false;
        }
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
      }
      syncDirectory(absolute.getParent());
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path absolute(Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath();
    if (absolute.getParent() == null || absolute.getFileName() == null) {
      throw new IOException("cannot write atomically to " + target + ": it has no parent directory");
    }
    return absolute;
  }

  /** A uniquely named sibling of {@code target} holding what {@code writer} produced, forced to disk. */
  private static Path durableTemp(Path target, ContentWriter writer) throws IOException {
    Path directory = target.getParent();
    Files.createDirectories(directory);
    Path temp = createTemp(directory, target.getFileName().toString());
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        // Not closed by try-with-resources on its own: closing it would close the channel before force().
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      return temp;
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  private static void deleteQuietly(Path temp, Throwable cause) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }

  /**
   * Creates an empty, uniquely named sibling file. Files.createTempFile is avoided on purpose: it
   * creates owner-only (0600) files, which the rename would then give to the final file.
   */
  private static Path createTemp(Path directory, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      byte[] suffix = new byte[6];
      RANDOM.nextBytes(suffix);
      Path temp = directory.resolve("." + name + "." + HexFormat.of().formatHex(suffix) + ".tmp");
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Forces the directory entry of the rename to disk where the platform allows it (POSIX); elsewhere
   * opening a directory fails and the rename is already as durable as the file system makes it.
   */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Best effort only: the file content itself is already durable and complete.
    }
  }
}
