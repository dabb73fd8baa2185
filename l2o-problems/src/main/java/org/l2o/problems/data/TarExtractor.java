package org.l2o.problems.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Extracts chosen entries of a tar or tar.gz archive to chosen file names (no other entry is written). */
final class TarExtractor {
  private TarExtractor() {}

  /**
   * Extracts the entries named by the keys of {@code entryToTarget} (leading {@code ./} ignored) to the
   * mapped paths. Throws naming the archive and the entries it lacks.
   */
  static void extract(Path archive, Map<String, Path> entryToTarget) throws IOException {
    TreeSet<String> missing = new TreeSet<>(entryToTarget.keySet());
    missing.removeAll(extract(archive, entryToTarget::get));
    if (!missing.isEmpty()) {
      throw new IOException("archive " + archive + " lacks " + String.join(", ", missing));
    }
  }

  /**
   * Extracts each regular-file entry for which {@code targetFor} (given the entry name without a leading
   * {@code ./}) returns a path; returns the names of the extracted entries.
   */
  static Set<String> extract(Path archive, Function<String, Path> targetFor) throws IOException {
    Set<String> found = new HashSet<>();
    try (InputStream in = Compression.open(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
        Path target = e.isFile() ? targetFor.apply(name) : null;
        if (target != null) {
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          found.add(name);
        }
      }
    } catch (IOException e) {
      throw new IOException("cannot read archive " + archive + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** Whether the file looks like a tar archive, plain or gzipped (ustar magic at offset 257). */
  static boolean isTar(Path file) throws IOException {
    try (InputStream in = Compression.open(file)) {
      byte[] head = in.readNBytes(262);
      return head.length == 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
          .equals("ustar");
    } catch (IOException e) {
      return false;
    }
  }
}
