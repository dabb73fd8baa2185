package org.l2o.problems.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A synthetic MNIST-like dataset (2x3x1 images, 4 train + 2 test) with its files and their MD5s. */
final class TinyDataset {
  final Map<String, byte[]> files = new LinkedHashMap<>();
  final byte[] trainPixels = TestFiles.ramp(4 * 6, 1);
  final int[] trainLabels = {3, 1, 4, 1};
  final DatasetInfo info;

  TinyDataset(String name) throws IOException {
    files.put("train-images-idx3-ubyte", TestFiles.idxImages(4, 2, 3, trainPixels));
    files.put("train-labels-idx1-ubyte", TestFiles.idxLabels(trainLabels));
    files.put("t10k-images-idx3-ubyte", TestFiles.idxImages(2, 2, 3, TestFiles.ramp(12, 2)));
    files.put("t10k-labels-idx1-ubyte", TestFiles.idxLabels(new int[] {5, 9}));
    List<DataFile> list = List.of(
        new DataFile("train-images-idx3-ubyte", "train", DataFile.Role.IMAGES, md5("train-images-idx3-ubyte")),
        new DataFile("train-labels-idx1-ubyte", "train", DataFile.Role.LABELS, md5("train-labels-idx1-ubyte")),
        new DataFile("t10k-images-idx3-ubyte", "test", DataFile.Role.IMAGES, md5("t10k-images-idx3-ubyte")),
        new DataFile("t10k-labels-idx1-ubyte", "test", DataFile.Role.LABELS, md5("t10k-labels-idx1-ubyte")));
    info = new DatasetInfo(name, 2, 3, 1, 10, 4, 2, DataFormat.IDX, list, true, "https://example.org/tiny");
  }

  private String md5(String file) {
    return Md5.of(files.get(file));
  }

  /** Writes all files (optionally gzipped, with a {@code .gz} suffix) into {@code dir}. */
  void writeTo(Path dir, boolean gzip) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (gzip) {
        TestFiles.write(dir, e.getKey() + ".gz", TestFiles.gzip(e.getValue()));
      } else {
        TestFiles.write(dir, e.getKey(), e.getValue());
      }
    }
  }

  /** A source that writes the correct files. */
  DatasetSource goodSource(String description) {
    return new DatasetSource() {
      @Override public String description() { return description; }

      @Override public void fetch(Path scratch, Path out, Progress progress) throws IOException {
        writeTo(out, false);
      }
    };
  }
}
