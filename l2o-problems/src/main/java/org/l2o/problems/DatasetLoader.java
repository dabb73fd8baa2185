package org.l2o.problems;

import org.l2o.core.data.ImageSet;

/**
 * Loads one split of an image dataset. Problems receive a loader instead of knowing where data lives;
 * the application wires the real dataset reader in.
 */
@FunctionalInterface
public interface DatasetLoader {

  /**
   * @param dataset dataset name as the configs spell it ({@code mnist}, {@code fashion_mnist},
   *                {@code kmnist}, {@code cifar10}, {@code svhn_cropped}, ...)
   * @param split   {@code "train"} or {@code "test"}
   * @return the whole split in memory
   */
  ImageSet load(String dataset, String split);
}
