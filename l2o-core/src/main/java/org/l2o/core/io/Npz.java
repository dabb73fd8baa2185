package org.l2o.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives: a zip file with one {@code <key>.npy} entry per array,
 * as written by {@code np.savez} (entries stored) and {@code np.savez_compressed} (entries deflated).
 * Files written here load with {@code np.load(path)}, and files NumPy wrote are read back with their
 * dtypes and shapes.
 *
 * <p>Why hand-written: the format is tiny and has been stable since NumPy 1.0 (a zip of {@code .npy}
 * files, each a magic string, a Python-dict header and raw little-endian data), {@code java.util.zip}
 * already handles the container, and no maintained Java library fits: the few that exist are
 * rarely released single-author projects or bring a Kotlin runtime. Two small classes
 * ({@link Npy}, {@code Npz}) are cheaper to own than such a dependency.
 *
 * <p>Writes are atomic ({@link AtomicFiles}); entries get a fixed timestamp so equal content gives
 * equal files. Keys may contain any characters NumPy allows, including {@code /}.
 */
public final class Npz {
  private static final String SUFFIX = ".npy";
  /** Earliest zip (DOS) time, so that output does not depend on the clock or time zone. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private Npz() {}

  /**
   * Writes {@code arrays} atomically as an uncompressed archive, like {@code np.savez}.
   *
   * @param path the file to write
   * @param arrays the arrays by key; entry {@code <key>.npy} each
   * @throws java.io.IOException if the file cannot be written
   */
  public static void write(Path path, Map<String, NpyArray> arrays) throws IOException {
    write(path, arrays, false);
  }

  /**
   * Writes {@code arrays} atomically with deflated entries, like {@code np.savez_compressed}.
   *
   * @param path the file to write
   * @param arrays the arrays by key; entry {@code <key>.npy} each
   * @throws java.io.IOException if the file cannot be written
   */
  public static void writeCompressed(Path path, Map<String, NpyArray> arrays) throws IOException {
    write(path, arrays, true);
  }

  private static void write(Path path, Map<String, NpyArray> arrays, boolean compressed) throws IOException {
    Objects.requireNonNull(arrays, "arrays");
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("empty key in the arrays written to " + path);
      }
      Objects.requireNonNull(e.getValue(), () -> "array '" + e.getKey() + "' written to " + path);
    }
    AtomicFiles.write(path, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
        byte[] bytes = Npy.toBytes(e.getValue());
        ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
        entry.setTimeLocal(ENTRY_TIME);
        if (compressed) {
          entry.setMethod(ZipEntry.DEFLATED);
        } else {
          // A stored entry needs its size and CRC up front.
          CRC32 crc = new CRC32();
          crc.update(bytes);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(bytes.length);
          entry.setCompressedSize(bytes.length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
      }
      zip.finish(); // not close(): AtomicFiles owns the stream and still has to force it to disk
    });
  }

  /**
   * Reads every array of an archive, in the order of the archive's entries.
   *
   * @param path the file to read
   * @return an unmodifiable map from key (entry name without {@code .npy}) to array
   * @throws FileFormatException when the file is not a zip (e.g. truncated), an entry is not a
   *     {@code .npy} file, fails its CRC check, or holds an unsupported or truncated array; the
   *     message names the file and the entry
   */
  public static Map<String, NpyArray> read(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    if (!Files.isRegularFile(path)) {
      throw new FileFormatException(path + ": not a regular file, expected a .npz archive");
    }
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException | EOFException e) { // EOF: a zip record claims more bytes than the file has
      throw new FileFormatException(path + ": not a valid .npz (zip) file, truncated or corrupted: "
          + (e.getMessage() != null ? e.getMessage() : "a zip record points past the end of the file"), e);
    }
    try (zip) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        String source = path + ", entry '" + name + "'";
        if (entry.isDirectory()) {
          continue;
        }
        if (!name.endsWith(SUFFIX)) {
          throw new FileFormatException(source + ": not a .npy entry");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = in.readAllBytes();
        } catch (ZipException | EOFException e) {
          // an EOFException (a size field that points past the data) has no message
          String why = e.getMessage() != null ? e.getMessage() : "the archive ends inside the entry's data";
          throw new FileFormatException(source + ": corrupted entry: " + why, e);
        }
        if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
          throw new FileFormatException(source + ": entry has " + bytes.length + " bytes, the archive says "
              + entry.getSize());
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
          throw new FileFormatException(source + ": CRC check failed, the entry is corrupted");
        }
        String key = name.substring(0, name.length() - SUFFIX.length());
        if (arrays.put(key, Npy.fromBytes(bytes, source)) != null) {
          throw new FileFormatException(source + ": duplicate key '" + key + "'");
        }
      }
    }
    return Collections.unmodifiableMap(arrays);
  }
}
