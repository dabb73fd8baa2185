package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of the real MNIST in a temporary cache root (the real cache is never touched), damaged the ways a
 * disk or a user damages files: every kind is refused at load and reported by status, naming the file.
 */
class CorruptedCacheTest {
  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

  @TempDir Path root;
  private String old;
  private Path mnist;

  @BeforeEach
  void copyMnistIntoATempRoot() throws IOException {
    Path real = Datasets.ensure("mnist");
    old = System.getProperty(DataRoot.PROPERTY);
    System.setProperty(DataRoot.PROPERTY, root.toString());
    mnist = Files.createDirectories(root.resolve("mnist"));
    for (DataFile f : DatasetRegistry.get("mnist").files()) {
      Files.copy(real.resolve(f.fileName()), mnist.resolve(f.fileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @AfterEach
  void restoreRoot() {
    SmallPartsTest.restore(DataRoot.PROPERTY, old);
    Datasets.clearLoaded();
  }

  private DatasetStatus mnistStatus() {
    return Datasets.status(true).stream().filter(s -> s.info().name().equals("mnist")).findFirst().orElseThrow();
  }

  private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(bytes);
    }
  }

  @Test
  void intactCopyIsVerifiedAndStamped() throws IOException {
    DatasetStatus s = mnistStatus();
    assertThat(s.state()).isEqualTo("verified");
    assertThat(s.detail()).contains("4 file(s) matched their reference MD5");
    assertThat(VerifiedStamp.stampOf(mnist.resolve(TRAIN_IMAGES))).exists();
    assertThat(VerifiedStamp.verify(mnist.resolve(TRAIN_IMAGES), DatasetRegistry.get("mnist")
        .file(Splits.TRAIN, DataFile.Role.IMAGES).md5())).isEqualTo(VerifiedStamp.Outcome.STAMPED);
    assertThat(Datasets.load("mnist", "train").size()).isEqualTo(60000);
    assertThat(Datasets.status(false).get(0).state()).isEqualTo("unchecked");
  }

  @Test
  void flippedPixelBytesAreRefusedAtLoadNamingFileAndHashes() throws IOException {
    Path images = mnist.resolve(TRAIN_IMAGES);
    byte[] block = new byte[4096];
    try (RandomAccessFile raf = new RandomAccessFile(images.toFile(), "r")) {
      raf.seek(1_000_000);
      raf.readFully(block);
    }
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) ~block[i];
    }
    overwrite(images, 1_000_000, block);
    String expected = DatasetRegistry.get("mnist").file(Splits.TRAIN, DataFile.Role.IMAGES).md5();
    String actual = Md5.of(images);
    assertThatThrownBy(() -> Datasets.load("mnist", "train"))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining("checksum mismatch for " + images)
        .hasMessageContaining("expected MD5 " + expected).hasMessageContaining("got " + actual)
        .hasMessageContaining("l2o data fetch --force mnist");
    assertThat(mnistStatus().state()).isEqualTo("corrupt");
    assertThat(VerifiedStamp.stampOf(images)).doesNotExist();
  }

  @Test
  void aChangeAfterVerificationInvalidatesTheStamp() throws IOException {
    Path labels = mnist.resolve(TRAIN_LABELS);
    assertThat(mnistStatus().state()).isEqualTo("verified");
    FileTime time = Files.getLastModifiedTime(labels);
    overwrite(labels, 8, new byte[] {3});
    Files.setLastModifiedTime(labels, FileTime.fromMillis(time.toMillis() + 2000));
    assertThat(mnistStatus().detail()).contains("checksum mismatch for " + labels);
    assertThatThrownBy(() -> Datasets.load("mnist", "train")).hasMessageContaining(labels.toString());
  }

  @Test
  void truncatedFileIsReportedCorrupt() throws IOException {
    Path test = mnist.resolve("t10k-images-idx3-ubyte");
    try (RandomAccessFile raf = new RandomAccessFile(test.toFile(), "rw")) {
      raf.setLength(raf.length() - 784);
    }
    DatasetStatus s = mnistStatus();
    assertThat(s.state()).isEqualTo("corrupt");
    assertThat(s.detail()).contains("checksum mismatch for " + test);
    assertThatThrownBy(() -> Datasets.load("mnist", "test")).hasMessageContaining(test.toString());
    assertThat(Datasets.load("mnist", "train").size()).isEqualTo(60000);
  }

  @Test
  void badMagicNumberIsReportedCorrupt() throws IOException {
    Path labels = mnist.resolve(TRAIN_LABELS);
    overwrite(labels, 0, new byte[] {0, 0, 8, 3});
    assertThat(mnistStatus().detail()).contains("checksum mismatch for " + labels);
    assertThatThrownBy(() -> Datasets.load("mnist", "train")).hasMessageContaining(labels.toString());
  }

  @Test
  void outOfRangeLabelIsReportedCorrupt() throws IOException {
    Path labels = mnist.resolve(TRAIN_LABELS);
    overwrite(labels, 8 + 123, new byte[] {(byte) 200});
    assertThat(mnistStatus().detail()).contains("checksum mismatch for " + labels);
    assertThatThrownBy(() -> Datasets.load("mnist", "train")).hasMessageContaining(labels.toString());
  }
}
