package org.l2o.problems.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Downloads gzipped IDX files ({@code <base><file>.gz}) from a dataset's home site and decompresses them. */
final class CanonicalIdxSource implements DatasetSource {
  private final URI base;
  private final List<String> fileNames;
  private final HttpDownloader downloader;

  CanonicalIdxSource(URI base, List<String> fileNames, HttpDownloader downloader) {
    this.base = base;
    this.fileNames = List.copyOf(fileNames);
    this.downloader = downloader;
  }

  @Override
  public String description() {
    return "download " + base + "*.gz";
  }

  @Override
  public void fetch(Path scratch, Path out, Progress progress) throws IOException {
    for (String name : fileNames) {
      Path gz = scratch.resolve(name + ".gz");
      downloader.download(base.resolve(name + ".gz"), gz, progress);
      Compression.copyUncompressed(gz, out.resolve(name));
    }
  }
}
