package org.l2o.problems.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets known by their TFDS names. Checksums are MD5s of the uncompressed standard files
 * (shared/spec/datasets.md); shapes and sizes follow spec §3.1. SVHN and CIFAR-100 have no reference checksum and
 * are verified by format and counts.
 */
public final class DatasetRegistry {
  private static final Map<String, DatasetInfo> BY_NAME = build();

  private DatasetRegistry() {}

  /** All datasets, fetchable ones first. */
  public static List<DatasetInfo> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** Names of all datasets in {@link #all()} order. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** The dataset called {@code name}, if known. */
  public static Optional<DatasetInfo> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The dataset called {@code name}; throws naming the known ones otherwise. */
  public static DatasetInfo get(String name) {
    DatasetInfo info = BY_NAME.get(name);
    if (info == null) {
      throw new IllegalArgumentException("unknown dataset '" + name + "'; known datasets: "
          + String.join(", ", BY_NAME.keySet()));
    }
    return info;
  }

  private static Map<String, DatasetInfo> build() {
    Map<String, DatasetInfo> m = new LinkedHashMap<>();
    add(m, mnistLike("mnist", true, "http://yann.lecun.com/exdb/mnist/",
        "6bbc9ace898e44ae57da46a324031adb", "a25bea736e30d166cdddb491f175f624",
        "2646ac647ad5339dbf082846283269ea", "27ae3e4e09519cfbb04c329615203637"));
    add(m, mnistLike("fashion_mnist", true, "https://github.com/zalandoresearch/fashion-mnist",
        "f4a8712d7a061bf5bd6d2ca38dc4d50a", "9018921c3c673c538a1fc5bad174d6f9",
        "8181f5470baa50b63fa0f6fddb340f0a", "15d484375f8d13e6eb1aabb0c3f46965"));
    add(m, cifar10());
    add(m, mnistLike("kmnist", false, "https://github.com/rois-codh/kmnist",
        "bdb82020997e1d708af4cf47b453dcf7", "e144d726b3acfaa3e44228e80efcd344",
        "5c965bf0a639b31b8f53240b1b52f4d7", "7320c461ea6c1c855c0b718fb2a4b134"));
    add(m, svhnCropped());
    add(m, cifar100());
    return Collections.unmodifiableMap(m);
  }

  private static void add(Map<String, DatasetInfo> m, DatasetInfo info) {
    m.put(info.name(), info);
  }

  private static DatasetInfo mnistLike(String name, boolean fetchable, String home,
      String trainImages, String trainLabels, String testImages, String testLabels) {
    List<DataFile> files = List.of(
        new DataFile("train-images-idx3-ubyte", Splits.TRAIN, DataFile.Role.IMAGES, trainImages),
        new DataFile("train-labels-idx1-ubyte", Splits.TRAIN, DataFile.Role.LABELS, trainLabels),
        new DataFile("t10k-images-idx3-ubyte", Splits.TEST, DataFile.Role.IMAGES, testImages),
        new DataFile("t10k-labels-idx1-ubyte", Splits.TEST, DataFile.Role.LABELS, testLabels));
    return new DatasetInfo(name, 28, 28, 1, 10, 60000, 10000, DataFormat.IDX, files, fetchable, home);
  }

  private static DatasetInfo cifar10() {
    String[] md5 = {"5dd7e06a14cb22eb9f671a540d1b7c25", "5ea93a67294ea407fff1d09f752e9692",
        "942cd6a4bcdd0dd3c604fbe906cb4421", "ae636b3ba5c66a11e91e8cb52e771fcb",
        "53f37980c15c3d472c316c40844f3f0d"};
    List<DataFile> files = new ArrayList<>();
    for (int i = 0; i < md5.length; i++) {
      files.add(new DataFile("data_batch_" + (i + 1) + ".bin", Splits.TRAIN, DataFile.Role.EXAMPLES, md5[i]));
    }
    files.add(new DataFile("test_batch.bin", Splits.TEST, DataFile.Role.EXAMPLES,
        "803d5f7f4d78ea53de84dbe85f74fb6d"));
    return new DatasetInfo("cifar10", 32, 32, 3, 10, 50000, 10000, DataFormat.CIFAR_BINARY, files, true,
        "https://www.cs.toronto.edu/~kriz/cifar.html");
  }

  private static DatasetInfo cifar100() {
    // No reference checksum is available to us for the official train.bin / test.bin: verified by format, sizes
    // (153,700,000 and 30,740,000 bytes), label ranges and 500 / 100 images of each fine class instead.
    List<DataFile> files = List.of(
        new DataFile("train.bin", Splits.TRAIN, DataFile.Role.EXAMPLES, null),
        new DataFile("test.bin", Splits.TEST, DataFile.Role.EXAMPLES, null));
    return new DatasetInfo("cifar100", 32, 32, 3, 100, 50000, 10000, DataFormat.CIFAR100_BINARY, files, false,
        "https://www.cs.toronto.edu/~kriz/cifar.html");
  }

  private static DatasetInfo svhnCropped() {
    // No reference checksum is recorded for the official .mat files: verified by format instead.
    List<DataFile> files = List.of(
        new DataFile("train_32x32.mat", Splits.TRAIN, DataFile.Role.EXAMPLES, null),
        new DataFile("test_32x32.mat", Splits.TEST, DataFile.Role.EXAMPLES, null));
    return new DatasetInfo("svhn_cropped", 32, 32, 3, 10, 73257, 26032, DataFormat.SVHN_MAT, files, false,
        "http://ufldl.stanford.edu/housenumbers/");
  }
}
