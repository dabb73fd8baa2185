package org.l2o.problems;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.ndarray.Shape;

/**
 * What a network needs to know about a dataset before any data is loaded: one image's shape and the
 * number of classes (spec §3.1).
 *
 * @param name       dataset name, e.g. {@code mnist}
 * @param height     image height
 * @param width      image width
 * @param channels   image channels
 * @param numClasses number of label values
 */
public record DatasetSpec(String name, int height, int width, int channels, int numClasses) {

  private static final Map<String, DatasetSpec> KNOWN = table();

  public DatasetSpec {
    Objects.requireNonNull(name, "name");
    if (height < 1 || width < 1 || channels < 1 || numClasses < 2) {
      throw new IllegalArgumentException("bad dataset spec for " + name);
    }
  }

  /** One image's shape [H, W, C]. */
  public Shape exampleShape() {
    return Shape.of(height, width, channels);
  }

  /**
   * The spec of a known dataset.
   *
   * @throws IllegalArgumentException naming the known datasets
   */
  public static DatasetSpec of(String name) {
    DatasetSpec s = KNOWN.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + KNOWN.keySet());
    }
    return s;
  }

  /** Names of the known datasets. */
  public static Set<String> names() {
    return KNOWN.keySet();
  }

  private static Map<String, DatasetSpec> table() {
    Map<String, DatasetSpec> m = new LinkedHashMap<>();
    for (String n : new String[] {"mnist", "fashion_mnist", "kmnist"}) {
      m.put(n, new DatasetSpec(n, 28, 28, 1, 10));
    }
    m.put("cifar10", new DatasetSpec("cifar10", 32, 32, 3, 10));
    m.put("cifar100", new DatasetSpec("cifar100", 32, 32, 3, 100));
    m.put("svhn_cropped", new DatasetSpec("svhn_cropped", 32, 32, 3, 10));
    return java.util.Collections.unmodifiableMap(m);
  }
}
