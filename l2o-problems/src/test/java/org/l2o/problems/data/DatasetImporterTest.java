package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.l2o.core.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.types.MatlabType;

class DatasetImporterTest {
  @TempDir Path root;
  @TempDir Path user;

  private List<String> cacheEntries() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".locks")).sorted().toList();
    }
  }

  @Test
  void importsGzippedFilesFromASubdirectory() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    Path sub = Files.createDirectories(user.resolve("downloads/tiny"));
    tiny.writeTo(sub, true);

    Path dir = new DatasetImporter(new DataStore(root), Progress.NONE).importFrom(tiny.info, user);

    for (Map.Entry<String, byte[]> e : tiny.files.entrySet()) {
      assertThat(Files.readAllBytes(dir.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(Files.readString(dir.resolve("SOURCE.txt"))).contains("imported from").contains("4 file(s)");
    assertThat(cacheEntries()).containsExactly("tiny");
  }

  @Test
  void importsFromATarGzArchive() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    Path archive = user.resolve("tiny.tar.gz");
    try (OutputStream raw = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
      for (Map.Entry<String, byte[]> e : tiny.files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry("tiny-batches/" + e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    Path dir = new DatasetImporter(new DataStore(root), Progress.NONE).importFrom(tiny.info, archive);
    assertThat(DatasetLoader.load(tiny.info, dir, "test").label(1)).isEqualTo(9);
  }

  @Test
  void missingFilesAreListedAndNothingIsInstalled() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    tiny.writeTo(user, false);
    Files.delete(user.resolve("t10k-images-idx3-ubyte"));
    assertThatThrownBy(() -> new DatasetImporter(new DataStore(root), Progress.NONE).importFrom(tiny.info, user))
        .hasMessageContaining(user + " lacks t10k-images-idx3-ubyte");
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void wrongChecksumKeepsTheExistingCopy() throws IOException {
    TinyDataset tiny = new TinyDataset("tiny");
    tiny.writeTo(user, false);
    DatasetImporter importer = new DatasetImporter(new DataStore(root), Progress.NONE);
    importer.importFrom(tiny.info, user);
    Path bad = TestFiles.write(user, "train-labels-idx1-ubyte", TestFiles.idxLabels(new int[] {0, 0, 0, 0}));

    assertThatThrownBy(() -> importer.importFrom(tiny.info, bad))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("train-labels-idx1-ubyte: expected MD5 "
            + tiny.info.file("train", DataFile.Role.LABELS).md5());
    assertThat(cacheEntries()).containsExactly("tiny");
    assertThat(Files.readAllBytes(root.resolve("tiny/train-labels-idx1-ubyte")))
        .isEqualTo(tiny.files.get("train-labels-idx1-ubyte"));
  }

  @Test
  void svhnStyleFilesAreVerifiedByFormatAndCount() throws IOException {
    DatasetInfo info = new DatasetInfo("tiny_svhn", 32, 32, 3, 10, 3, 2, DataFormat.SVHN_MAT, List.of(
        new DataFile("train_32x32.mat", "train", DataFile.Role.EXAMPLES, null),
        new DataFile("test_32x32.mat", "test", DataFile.Role.EXAMPLES, null)), false, "https://example.org");
    TestFiles.writeSvhnMat(user.resolve("train_32x32.mat"), 3, new double[] {1, 10, 5}, MatlabType.UInt8);
    TestFiles.writeSvhnMat(user.resolve("test_32x32.mat"), 3, new double[] {2, 2, 2}, MatlabType.UInt8);
    DatasetImporter importer = new DatasetImporter(new DataStore(root), Progress.NONE);

    assertThatThrownBy(() -> importer.importFrom(info, user))
        .hasMessageContaining("test_32x32.mat").hasMessageContaining("3 examples, expected 2");
    assertThat(cacheEntries()).isEmpty();

    TestFiles.writeSvhnMat(user.resolve("test_32x32.mat"), 2, new double[] {2, 10}, MatlabType.UInt8);
    Path dir = importer.importFrom(info, user.resolve("test_32x32.mat"));
    ImageSet train = DatasetLoader.load(info, dir, "train");
    assertThat(train.label(1)).isZero();
    assertThat(train.pixel(2, (4 * 32 + 5) * 3 + 1)).isEqualTo(TestFiles.svhnValue(4, 5, 1, 2));
  }

  @Test
  void normalisedNamesAcceptCommonVariants() {
    assertThat(DatasetImporter.normalise("train-images.idx3-ubyte.gz"))
        .isEqualTo(DatasetImporter.normalise("train-images-idx3-ubyte"));
    assertThat(DatasetImporter.normalise("data_batch_1.bin")).isNotEqualTo(DatasetImporter.normalise("data_batch_1"));
  }
}
