package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.l2o.core.io.FileFormatException;

/**
 * Imports a dataset from official files the user already has: a directory holding them (searched a few
 * levels deep, {@code .gz} accepted), or a tar/tar.gz archive of them. Files are verified like fetched ones
 * (MD5 where known, else format and counts) before they are moved into the cache.
 */
public final class DatasetImporter {
  private static final int SEARCH_DEPTH = 4;
  private final DataStore store;
  private final Progress progress;

  /** An importer into {@code store}. */
  public DatasetImporter(DataStore store, Progress progress) {
    this.store = store;
    this.progress = progress;
  }

  /** Imports {@code info} from {@code source}, replacing an existing copy once verified; returns its directory. */
  public Path importFrom(DatasetInfo info, Path source) throws IOException {
    if (!Files.exists(source)) {
      throw new IOException(source + " does not exist");
    }
    return store.withLock(info.name(), () -> {
      Path work = store.newWorkDir(info.name());
      try {
        Path scratch = Files.createDirectory(work.resolve("scratch"));
        Path out = Files.createDirectory(work.resolve("out"));
        Path searchDir = source;
        Map<Path, String> entries = new HashMap<>(); // extracted file -> "ARCHIVE entry NAME"
        if (Files.isRegularFile(source)) {
          if (TarExtractor.isTar(source)) {
            progress.message("  unpacking " + source);
            extractWanted(info, source, scratch, entries);
            searchDir = scratch;
          } else {
            searchDir = source.toAbsolutePath().getParent();
          }
        }
        Map<Path, String> origins = copyFound(info, searchDir, out, entries);
        progress.message("  verifying " + info.name());
        String checked;
        try {
          checked = DatasetVerifier.verify(info, out, progress);
        } catch (FileFormatException e) {
          throw new FileFormatException(naming(e.getMessage(), origins), e);
        } catch (ChecksumMismatchException e) {
          throw e;
        } catch (IOException e) {
          throw new IOException(naming(e.getMessage(), origins), e);
        }
        Files.writeString(out.resolve("SOURCE.txt"), info.name() + " imported from " + source.toAbsolutePath()
            + "\n" + checked + "\non " + Instant.now() + "\n");
        Path dir = store.install(info, out);
        progress.message(info.name() + ": imported into " + dir);
        return dir;
      } finally {
        DataStore.deleteRecursively(work);
      }
    });
  }

  /**
   * A verification message about the candidate copies, naming the user's files instead (a checksum mismatch keeps
   * its own message: the checksum is of the uncompressed copy).
   */
  private static String naming(String message, Map<Path, String> origins) {
    String m = String.valueOf(message);
    for (Map.Entry<Path, String> e : origins.entrySet()) {
      m = m.replace(e.getKey().toString(), e.getValue());
    }
    return m;
  }

  /** Extracts the archive entries whose base names match a standard file, noting each one's entry name. */
  private static void extractWanted(DatasetInfo info, Path archive, Path scratch, Map<Path, String> entries)
      throws IOException {
    Map<String, String> wanted = new HashMap<>();
    for (DataFile f : info.files()) {
      wanted.put(normalise(f.fileName()), f.fileName());
    }
    int[] n = {0};
    try {
      TarExtractor.extract(archive, entry -> {
      String base = entry.substring(entry.lastIndexOf('/') + 1);
      String std = wanted.get(normalise(base));
      if (std == null) {
        return null;
      }
      try {
        // One directory per entry keeps equal base names from different folders apart.
        Path target = Files.createDirectory(scratch.resolve(String.valueOf(n[0]++))).resolve(base);
        entries.put(target, archive + " entry " + entry);
        return target;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Copies the standard files found under {@code dir} into {@code out}; returns each copy's origin for messages. */
  private Map<Path, String> copyFound(DatasetInfo info, Path dir, Path out, Map<Path, String> entries)
      throws IOException {
    Map<Path, String> origins = new HashMap<>();
    Map<String, Path> found = new HashMap<>();
    try (Stream<Path> s = Files.walk(dir, SEARCH_DEPTH)) {
      // Shallowest first, so a copy at the top wins over one in a subdirectory.
      for (Path p : s.filter(Files::isRegularFile)
          .sorted(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString)).toList()) {
        found.putIfAbsent(normalise(p.getFileName().toString()), p);
      }
    }
    List<String> missing = new ArrayList<>();
    for (DataFile f : info.files()) {
      Path p = found.get(normalise(f.fileName()));
      if (p == null) {
        missing.add(f.fileName());
        continue;
      }
      String origin = entries.getOrDefault(p, p.toString());
      if (Compression.isGzip(p)) {
        origin += " (uncompressed)";
      }
      progress.message("  found " + f.fileName() + ": " + origin);
      Compression.copyUncompressed(p, out.resolve(f.fileName()));
      origins.put(out.resolve(f.fileName()), origin);
    }
    if (!missing.isEmpty()) {
      throw new IOException(dir + " lacks " + String.join(", ", missing) + " (a .gz of each is accepted too); "
          + info.name() + " needs: " + String.join(", ", info.files().stream().map(DataFile::fileName).toList()));
    }
    return origins;
  }

  /** Name without a {@code .gz} suffix, dots as dashes: {@code train-images.idx3-ubyte.gz} matches too. */
  static String normalise(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    return n.replace('.', '-');
  }
}
