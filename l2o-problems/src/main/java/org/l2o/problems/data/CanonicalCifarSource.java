package org.l2o.problems.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Downloads the official {@code cifar-10-binary.tar.gz} and extracts the six batch files. */
final class CanonicalCifarSource implements DatasetSource {
  private final URI tarball;
  private final List<String> fileNames;
  private final HttpDownloader downloader;

  CanonicalCifarSource(URI tarball, List<String> fileNames, HttpDownloader downloader) {
    this.tarball = tarball;
    this.fileNames = List.copyOf(fileNames);
    this.downloader = downloader;
  }

  @Override
  public String description() {
    return "download " + tarball;
  }

  @Override
  public void fetch(Path scratch, Path out, Progress progress) throws IOException {
    Path archive = scratch.resolve("cifar-10-binary.tar.gz");
    downloader.download(tarball, archive, progress);
    Map<String, Path> entries = new LinkedHashMap<>();
    for (String name : fileNames) {
      entries.put("cifar-10-batches-bin/" + name, out.resolve(name));
    }
    TarExtractor.extract(archive, entries);
  }
}
