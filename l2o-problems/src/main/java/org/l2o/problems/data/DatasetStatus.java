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
 * @param check        whether and how the files' content was checked
 * @param detail       what the check found: a summary when verified, the problem when corrupt, else empty
 */
public record DatasetStatus(DatasetInfo info, Path location, List<String> missingFiles, long bytesOnDisk,
    Check check, String detail) {

  /** How the content of a present dataset was checked. */
  public enum Check {
    /** Not checked: only the presence of the files is known. */
    NOT_CHECKED,
    /** Every file matched its reference MD5 (or, without one, read with the expected format and counts). */
    VERIFIED,
    /** A file differs from its reference or does not read: {@link #detail()} names it. */
    CORRUPT
  }

  /** Copies the list. */
  public DatasetStatus {
    missingFiles = List.copyOf(missingFiles);
    detail = detail == null ? "" : detail;
  }

  /** Whether every standard file is present. */
  public boolean present() {
    return missingFiles.isEmpty();
  }

  /**
   * "verified", "corrupt", "unchecked" (present, content not checked), "missing" or "incomplete" (some files
   * only, e.g. removed by hand).
   */
  public String state() {
    if (present()) {
      return switch (check) {
        case VERIFIED -> "verified";
        case CORRUPT -> "corrupt";
        case NOT_CHECKED -> "unchecked";
      };
    }
    return missingFiles.size() == info.files().size() ? "missing" : "incomplete";
  }
}
