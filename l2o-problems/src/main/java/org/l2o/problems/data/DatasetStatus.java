package org.l2o.problems.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What the cache holds of one dataset.
 *
 * @param info         the dataset
 * @param location     its directory in the cache
 * @param missingFiles standard files not present (empty when present)
 * @param bytesOnDisk  size of its directory, 0 if absent, -1 if unreadable
 */
public record DatasetStatus(DatasetInfo info, Path location, List<String> missingFiles, long bytesOnDisk) {
  /** Copies the list. */
  public DatasetStatus {
    missingFiles = List.copyOf(missingFiles);
  }

  /** Whether every standard file is present. */
  public boolean present() {
    return missingFiles.isEmpty();
  }

  /** "present", "missing" or "incomplete" (some files only, e.g. removed by hand). */
  public String state() {
    if (present()) {
      return "present";
    }
    return missingFiles.size() == info.files().size() ? "missing" : "incomplete";
  }
}
