package org.l2o.problems.data;

import java.util.Objects;

/**
 * One standard file of a dataset as stored in the cache.
 *
 * @param fileName name inside the dataset's cache directory, e.g. {@code train-images-idx3-ubyte}
 * @param split    {@code "train"} or {@code "test"}
 * @param role     what the file holds
 * @param md5      lower-case hex MD5 of the uncompressed file, or {@code null} where no reference exists
 */
public record DataFile(String fileName, String split, Role role, String md5) {

  /** What a file holds. */
  public enum Role {
    /** IDX images. */
    IMAGES,
    /** IDX labels. */
    LABELS,
    /** Images and labels together (CIFAR batch, SVHN .mat). */
    EXAMPLES
  }

  /** Validates the fields. */
  public DataFile {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(role, "role");
    Splits.check(split);
  }

  /** Whether a reference checksum is known for this file. */
  public boolean hasMd5() {
    return md5 != null;
  }
}
