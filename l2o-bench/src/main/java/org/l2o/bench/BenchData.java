package org.l2o.bench;

import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.problems.DatasetLoader;
import org.l2o.problems.DatasetSpec;
import org.l2o.problems.ImageClassifier;
import org.l2o.problems.ProblemRegistry;
import org.l2o.problems.data.Datasets;

/**
 * Where the benchmark's images come from: the real dataset from the cache ({@link #REAL}, the default and
 * what the reported figures use) or random pixels and labels of the dataset's shape ({@link #SYNTHETIC},
 * for machines without the cache and for the benchmark's own tests; the network's cost does not depend on
 * pixel values, but the student's trajectories do, so real data is the honest setting).
 */
public enum BenchData {
  /** The dataset from the cache. */
  REAL,
  /** Random bytes and labels of the dataset's shape (a fixed seed), sized to fit any window. */
  SYNTHETIC;

  /** Examples per split of the synthetic data: enough for a window of 100 batches of 128. */
  public static final int SYNTHETIC_EXAMPLES = 12_800;

  /** The registered problem {@code name} reading its images from this source. */
  public ImageClassifier problem(String name) {
    return ProblemRegistry.create(name, loader());
  }

  /** The loader of this source. */
  public DatasetLoader loader() {
    return this == REAL ? Datasets::load : BenchData::synthetic;
  }

  /** Random images and labels shaped like the split of {@code dataset}. */
  static ImageSet synthetic(String dataset, String split) {
    DatasetSpec spec = DatasetSpec.of(dataset);
    int exampleSize = Math.toIntExact(spec.exampleShape().size());
    Random rng = new Random((dataset + "/" + split).hashCode());
    byte[] pixels = new byte[SYNTHETIC_EXAMPLES * exampleSize];
    rng.nextBytes(pixels);
    int[] labels = new int[SYNTHETIC_EXAMPLES];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rng.nextInt(spec.numClasses());
    }
    return new ImageSet(dataset + "/" + split + " (synthetic)", spec.exampleShape(), spec.numClasses(), pixels, labels);
  }
}
