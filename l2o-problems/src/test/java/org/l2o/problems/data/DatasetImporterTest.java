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

  /** Writes {@code files} under {@code folder} into a tar.gz archive. */
  private static Path tarGz(Path archive, String folder, Map<String, byte[]> files) throws IOException {
    try (OutputStream raw = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(folder + e.getKey());
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return archive;
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
    Path archive = tarGz(user.resolve("tiny.tar.gz"), "tiny-batches/", tiny.files);
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

  /** The cifar100 entry with 2 train and 1 test image per fine class: the real layout and checks, small counts. */
  private static DatasetInfo tinyCifar100() {
    DatasetInfo real = DatasetRegistry.get("cifar100");
    return new DatasetInfo("tiny_cifar100", 32, 32, 3, 100, 200, 100, real.format(), real.files(), false,
        real.homePage());
  }

  @Test
  void cifar100ArchiveRoundTripsWithFineLabelsAndIsVerifiedByFormatAndCounts() throws IOException {
    TestFiles.Cifar100 train = TestFiles.cifar100(200, 1);
    TestFiles.Cifar100 test = TestFiles.cifar100(100, 2);
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    files.put("fine_label_names.txt", "apple\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    files.put("train.bin", train.bytes());
    files.put("test.bin", test.bytes());
    Path archive = tarGz(user.resolve("cifar-100-binary.tar.gz"), "cifar-100-binary/", files);

    Path dir = new DatasetImporter(new DataStore(root), Progress.NONE).importFrom(tinyCifar100(), archive);

    assertThat(Files.readAllBytes(dir.resolve("train.bin"))).isEqualTo(train.bytes());
    assertThat(Files.readString(dir.resolve("SOURCE.txt"))).contains("0 file(s) matched their reference MD5")
        .contains("format and counts checked for train, test");
    for (String split : List.of("train", "test")) {
      TestFiles.Cifar100 expected = split.equals("train") ? train : test;
      ImageSet set = DatasetLoader.load(tinyCifar100(), dir, split);
      assertThat(set.numClasses()).isEqualTo(100);
      assertThat(set.size()).isEqualTo(expected.fine().length);
      for (int i = 0; i < set.size(); i++) {
        assertThat(set.label(i)).isEqualTo(expected.fine()[i]);
        for (int j = 0; j < 32 * 32 * 3; j += 97) {
          int h = j / 96;
          int w = j / 3 % 32;
          int c = j % 3;
          assertThat(set.pixel(i, j)).as("%s image %d pixel %d", split, i, j)
              .isEqualTo(TestFiles.cifarPlaneValue(i, c, h * 32 + w, expected.seed()));
        }
      }
    }
  }

  @Test
  void cifar100OfTheWrongSizeOrLabelsIsRefusedNamingTheFile() throws IOException {
    TestFiles.write(user, "train.bin", TestFiles.cifar100(200, 1).bytes());
    TestFiles.write(user, "test.bin", TestFiles.cifar100(100, 2).bytes());
    DatasetImporter importer = new DatasetImporter(new DataStore(root), Progress.NONE);
    // the real entry wants the official sizes exactly
    assertThatThrownBy(() -> importer.importFrom(DatasetRegistry.get("cifar100"), user))
        .hasMessage(user.resolve("train.bin") + ": 614,800 bytes, expected 153,700,000 (50,000 records of 3074 bytes) "
            + "for cifar100/train");
    assertThat(cacheEntries()).isEmpty();

    byte[] bad = TestFiles.cifar100(100, 2).bytes();
    bad[5 * 3074 + 1] = (byte) 100; // record 5: fine label 100
    TestFiles.write(user, "test.bin", bad);
    assertThatThrownBy(() -> importer.importFrom(tinyCifar100(), user))
        .isInstanceOf(org.l2o.core.io.FileFormatException.class)
        .hasMessage(user.resolve("test.bin") + ": record 5 has fine label 100, outside 0..99: not a CIFAR-100 "
            + "binary file");
    // from an archive the entry is named; a gzipped file is named as such
    Path archive = tarGz(user.resolve("c100.tar"), "cifar-100-binary/", Map.of("train.bin",
        TestFiles.cifar100(200, 1).bytes(), "test.bin", bad));
    assertThatThrownBy(() -> importer.importFrom(tinyCifar100(), archive))
        .hasMessage(archive + " entry cifar-100-binary/test.bin: record 5 has fine label 100, outside 0..99: not a "
            + "CIFAR-100 binary file");
    Path gzDir = Files.createDirectories(user.resolve("gz"));
    TestFiles.write(gzDir, "train.bin.gz", TestFiles.gzip(TestFiles.cifar100(200, 1).bytes()));
    TestFiles.write(gzDir, "test.bin.gz", TestFiles.gzip(bad));
    assertThatThrownBy(() -> importer.importFrom(tinyCifar100(), gzDir))
        .hasMessageStartingWith(gzDir.resolve("test.bin.gz") + " (uncompressed): record 5 has fine label 100");

    byte[] skewed = TestFiles.cifar100(100, 2).bytes();
    skewed[8 * 3074] = 0; // record 8 becomes fine class 3 (coarse 0, as record 3): class 3 twice, class 8 never
    skewed[8 * 3074 + 1] = 3;
    TestFiles.write(user, "test.bin", skewed);
    assertThatThrownBy(() -> importer.importFrom(tinyCifar100(), user))
        .hasMessage(user.resolve("test.bin") + ": class 3 has 2 examples, expected 1 (each of the 100 classes of "
            + "tiny_cifar100/test has 1)");
    assertThat(cacheEntries()).isEmpty();
  }

  @Test
  void normalisedNamesAcceptCommonVariants() {
    assertThat(DatasetImporter.normalise("train-images.idx3-ubyte.gz"))
        .isEqualTo(DatasetImporter.normalise("train-images-idx3-ubyte"));
    assertThat(DatasetImporter.normalise("data_batch_1.bin")).isNotEqualTo(DatasetImporter.normalise("data_batch_1"));
  }
}
