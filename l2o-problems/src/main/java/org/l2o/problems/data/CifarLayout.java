package org.l2o.problems.data;

import java.util.List;

/**
 * Record layouts of the official CIFAR binary files: one or more label bytes, then the R, G and B planes (1024 bytes
 * each, row-major 32x32). One label byte is the example's label; any other label byte is checked for its range and
 * for being a function of the example's label (CIFAR-100's coarse class of a fine class).
 */
public enum CifarLayout {
  /** CIFAR-10 batches ({@code data_batch_N.bin}, {@code test_batch.bin}): one label byte 0..9. */
  CIFAR10("CIFAR-10 binary batch", List.of("label"), List.of(10), 0),
  /**
   * CIFAR-100 files ({@code train.bin}, {@code test.bin}): a coarse label byte 0..19, then a fine label byte 0..99;
   * the fine label is the example's label (as TFDS {@code cifar100} {@code label}).
   */
  CIFAR100("CIFAR-100 binary file", List.of("coarse label", "fine label"), List.of(20, 100), 1);

  /** Bytes of the three colour planes of one record. */
  public static final int IMAGE_BYTES = 3 * CifarBinaryReader.PLANE;

  private final String description;
  private final List<String> labelNames;
  private final List<Integer> labelRanges;
  private final int labelIndex;

  CifarLayout(String description, List<String> labelNames, List<Integer> labelRanges, int labelIndex) {
    this.description = description;
    this.labelNames = labelNames;
    this.labelRanges = labelRanges;
    this.labelIndex = labelIndex;
  }

  /** What such a file is called in messages, e.g. {@code CIFAR-100 binary file}. */
  public String description() {
    return description;
  }

  /** Label bytes at the start of each record. */
  public int labelBytes() {
    return labelRanges.size();
  }

  /** Bytes per record: label bytes and the three planes (3073 for CIFAR-10, 3074 for CIFAR-100). */
  public int recordSize() {
    return labelBytes() + IMAGE_BYTES;
  }

  /** Which label byte is the example's label. */
  public int labelIndex() {
    return labelIndex;
  }

  /** Number of classes of the example's label (10 or 100). */
  public int classes() {
    return labelRanges.get(labelIndex);
  }

  /** Values label byte {@code b} may take: 0 to {@code labelRange(b) - 1}. */
  public int labelRange(int b) {
    return labelRanges.get(b);
  }

  /** Name of label byte {@code b} in messages, e.g. {@code fine label}. */
  public String labelName(int b) {
    return labelNames.get(b);
  }
}
