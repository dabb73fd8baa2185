package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Verifies a dataset directory (a candidate before it is installed, or the cache's copy for
 * {@code l2o data status}): every standard file present, MD5 equal to the reference where one is known
 * (remembered in a {@link VerifiedStamp}), otherwise the split must read with the expected format and counts.
 */
final class DatasetVerifier {
  private DatasetVerifier() {}

  /** Returns a short summary of what was checked; throws on the first problem. */
  static String verify(DatasetInfo info, Path dir, Progress progress) throws IOException {
    Set<String> formatChecked = new LinkedHashSet<>();
    int md5s = 0;
    for (DataFile f : info.files()) {
      Path file = dir.resolve(f.fileName());
      if (!Files.isRegularFile(file)) {
        throw new IOException(info.name() + ": " + f.fileName() + " is missing");
      }
      if (f.hasMd5()) {
        VerifiedStamp.verify(file, f.md5());
        md5s++;
      } else {
        formatChecked.add(f.split());
      }
    }
    for (String split : formatChecked) {
      progress.message("  checking the format of " + info.name() + "/" + split);
      DatasetLoader.load(info, dir, split);
    }
    String summary = md5s + " file(s) matched their reference MD5";
    return formatChecked.isEmpty() ? summary
        : summary + "; format and counts checked for " + String.join(", ", formatChecked);
  }
}
