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
        if (Files.isRegularFile(source)) {
          if (TarExtractor.isTar(source)) {
            progress.message("  unpacking " + source);
            extractWanted(info, source, scratch);
            searchDir = scratch;
          } else {
            searchDir = source.toAbsolutePath().getParent();
          }
        }
        copyFound(info, searchDir, out);
        progress.message("  verifying " + info.name());
        String checked = DatasetVerifier.verify(info, out, progress);
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

  /** Extracts the archive entries whose base names match a standard file. */
  private static void extractWanted(DatasetInfo info, Path archive, Path scratch) throws IOException {
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
        return Files.createDirectory(scratch.resolve(String.valueOf(n[0]++))).resolve(base);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void copyFound(DatasetInfo info, Path dir, Path out) throws IOException {
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
      progress.message("  found " + f.fileName() + ": " + p);
      Compression.copyUncompressed(p, out.resolve(f.fileName()));
    }
    if (!missing.isEmpty()) {
      throw new IOException(dir + " lacks " + String.join(", ", missing) + " (a .gz of each is accepted too); "
          + info.name() + " needs: " + String.join(", ", info.files().stream().map(DataFile::fileName).toList()));
    }
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
