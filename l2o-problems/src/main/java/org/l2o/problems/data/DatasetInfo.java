package org.l2o.problems.data;

import java.util.List;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * Static description of a dataset: TFDS name, example shape, classes, split sizes and its standard files.
 *
 * @param name          TFDS name used in configs, e.g. {@code mnist}
 * @param height        example height
 * @param width         example width
 * @param channels      example channels
 * @param numClasses    number of labels
 * @param trainSize     examples in the train split
 * @param testSize      examples in the test split
 * @param format        storage format of the files
 * @param files         standard files (train files of a split in reading order)
 * @param fetchable     whether {@code l2o data fetch} can obtain it; otherwise it is import-only
 * @param homePage      where users find the official files
 */
public record DatasetInfo(String name, int height, int width, int channels, int numClasses,
    int trainSize, int testSize, DataFormat format, List<DataFile> files, boolean fetchable,
    String homePage) {

  /** Validates and copies the file list. */
  public DatasetInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(homePage, "homePage");
    files = List.copyOf(files);
  }

  /** [H, W, C] of one example. */
  public Shape exampleShape() {
    return Shape.of(height, width, channels);
  }

  /** Scalars per example. */
  public int exampleSize() {
    return height * width * channels;
  }

  /** Number of examples in {@code split} ("train" or "test"). */
  public int size(String split) {
    return Splits.TRAIN.equals(Splits.check(split)) ? trainSize : testSize;
  }

  /** Files of {@code split} in reading order. */
  public List<DataFile> files(String split) {
    Splits.check(split);
    return files.stream().filter(f -> f.split().equals(split)).toList();
  }

  /** The single file of {@code split} with {@code role}. */
  public DataFile file(String split, DataFile.Role role) {
    return files(split).stream().filter(f -> f.role() == role).findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " has no " + role + " file for " + split));
  }

  /**
   * How to get the dataset by hand, for messages: the official files, which download holds them and where, e.g.
   * {@code get the official files (train.bin, test.bin: the CIFAR-100 binary version, cifar-100-binary.tar.gz) from
   * https://www.cs.toronto.edu/~kriz/cifar.html and run: l2o data import cifar100 PATH}.
   */
  public String importAdvice() {
    return "get the official files (" + String.join(", ", files.stream().map(DataFile::fileName).toList()) + ": "
        + format.officialVersion() + ") from " + homePage + " and run: l2o data import " + name + " PATH";
  }

  /** The command that puts this dataset into the cache. */
  public String howToGet() {
    return fetchable ? "l2o data fetch " + name : "l2o data import " + name + " PATH";
  }
}
