package org.l2o.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, is forced
 * to disk, and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers
 * (and a run resumed after a crash) therefore see either the previous complete file or the new
 * complete file, never a half-written one under the final name.
 *
 * <p>The temporary file is named {@code .<name>.<random>.tmp}; it is deleted when writing fails.
 * Only a crash of the JVM itself can leave one behind, and it never shadows the real file; the next run in
 * that directory removes it ({@link #removeStaleTemporaries}). Missing parent directories are created.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** {@code .<name>.<12 hex>.tmp}, optionally followed by what a writer appends to a temporary prefix. */
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{12}\\.tmp(\\..+)?");

  /** Produces the content of a file onto a stream; the stream is closed by {@link AtomicFiles}. */
  @FunctionalInterface
  public interface ContentWriter {
    /**
     * Writes the whole content.
     *
     * @param out buffered stream onto the temporary file; do not close it
     * @throws java.io.IOException if writing fails; the target is then left untouched
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Atomically replaces {@code target} with {@code bytes}.
   *
   * @param target the file to replace or create; its directory must exist
   * @param bytes the whole new content
   * @throws java.io.IOException if the temporary file cannot be written or moved onto {@code target}
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /**
   * Atomically replaces {@code target} with {@code text} encoded as UTF-8.
   *
   * @param target the file to replace or create; its directory must exist
   * @param text the whole new content
   * @throws java.io.IOException if the temporary file cannot be written or moved onto {@code target}
   */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Atomically replaces {@code target} with what {@code writer} produces. If the writer throws, the
   * target is left untouched (absent or with its previous content) and the exception propagates.
   *
   * @param target the file to replace or create; its directory must exist
   * @param writer writes the whole content onto the temporary file
   * @throws java.io.IOException if the writer or the move fails
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
   * @param target the file to create; its directory must exist
   * @param text the content
   * @return true if this call created the file, false if it existed already (its content is then untouched)
   * @throws java.io.IOException if the temporary file cannot be written or linked
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

  /**
   * A fresh temporary sibling of {@code target}, not created, named as this class names its temporary files (so
   * that {@link #removeStaleTemporaries} recognises what a killed writer left): for writers that produce several
   * files from one prefix, e.g. a checkpoint bundle's {@code <temp>.index} and {@code <temp>.data-...}.
   *
   * @param target the file the sibling stands in for
   * @return an absolute path next to {@code target} that does not exist yet
   * @throws java.io.IOException if {@code target} has no parent directory
   */
  public static Path temporarySibling(Path target) throws IOException {
    Path absolute = absolute(target);
    return absolute.getParent().resolve(temporaryName(absolute.getFileName().toString()));
  }

  /**
   * True if {@code file}'s name is one of this class's temporary names (see {@link #temporarySibling}).
   *
   * @param file a path; only its name is read
   * @return true for a temporary name
   */
  public static boolean isTemporary(Path file) {
    Path name = file.getFileName();
    return name != null && TEMPORARY.matcher(name.toString()).matches();
  }

  /**
   * Deletes the temporary files that killed writers left in {@code directory} (not in its sub-directories). Only
   * call this while no other process can be writing there, i.e. while holding the directory's
   * {@link DirectoryLock}: a temporary file of a live writer looks the same.
   *
   * @param directory the directory to clean
   * @return the number of files deleted (0 if the directory does not exist)
   * @throws java.io.IOException if the directory cannot be listed or a file cannot be deleted
   */
  public static int removeStaleTemporaries(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    List<Path> stale;
    try (Stream<Path> files = Files.list(directory)) {
      stale = files.filter(f -> isTemporary(f) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
    }
    int removed = 0;
    for (Path f : stale) {
      if (Files.deleteIfExists(f)) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Makes sure files can be written into {@code directory} before any work whose result goes there: creates it
   * (and its parents) if missing, then creates and deletes a probe file in it.
   *
   * @param directory the directory results go to
   * @throws IOException naming the directory and why it cannot be written (a file where a folder must be,
   *     permission denied, read-only or full file system)
   */
  public static void requireWritableDirectory(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot write into " + directory + ": " + e.getFile() + " exists and is not a folder",
          e);
    } catch (IOException e) {
      throw new IOException("cannot create the folder " + directory + ": " + reason(e), e);
    }
    Path probe;
    try {
      probe = createTemp(directory, "write-probe");
    } catch (IOException e) {
      throw new IOException("cannot write into " + directory + ": " + reason(e), e);
    }
    Files.delete(probe);
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
    } catch (IOException e) {
      deleteQuietly(temp, e);
      // the operating system's own errors ("No space left on device") name no file
      throw e.getClass() == IOException.class ? new IOException("cannot write " + target + ": " + e.getMessage(), e)
          : e;
    } catch (RuntimeException | Error e) {
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
      Path temp = directory.resolve(temporaryName(name));
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

  private static String temporaryName(String name) {
    byte[] suffix = new byte[6];
    RANDOM.nextBytes(suffix);
    return "." + name + "." + HexFormat.of().formatHex(suffix) + ".tmp";
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
