package org.l2o.problems.data;

/** How a dataset's files are stored in the cache (always the dataset's standard, uncompressed files). */
public enum DataFormat {
  /** MNIST-like raw IDX files: images magic 0x00000803, labels magic 0x00000801. */
  IDX("IDX files, .gz accepted"),
  /** The official CIFAR-10 binary batches: records of 1 label byte + R, G, B planes of 1024 bytes. */
  CIFAR_BINARY("the CIFAR-10 binary version, cifar-10-binary.tar.gz"),
  /**
   * The official CIFAR-100 binary files: records of a coarse label byte, a fine label byte + R, G, B planes of 1024
   * bytes; the fine label is the example's label, and every fine class occurs equally often in a split.
   */
  CIFAR100_BINARY("the CIFAR-100 binary version, cifar-100-binary.tar.gz"),
  /** The official SVHN cropped-digits MATLAB files with X [32,32,3,N] uint8 and y [N,1] in 1..10. */
  SVHN_MAT("format 2, cropped digits");

  private final String officialVersion;

  DataFormat(String officialVersion) {
    this.officialVersion = officialVersion;
  }

  /** Which download of the dataset's home page holds such files, for messages. */
  public String officialVersion() {
    return officialVersion;
  }
}
