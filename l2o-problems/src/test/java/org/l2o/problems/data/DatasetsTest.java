package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade against an empty or damaged cache (a temporary root through the l2o.data property). */
class DatasetsTest {
  @TempDir Path root;
  private String old;

  @BeforeEach
  void useTempRoot() {
    old = System.getProperty(DataRoot.PROPERTY);
    System.setProperty(DataRoot.PROPERTY, root.toString());
  }

  @AfterEach
  void restoreRoot() {
    SmallPartsTest.restore(DataRoot.PROPERTY, old);
  }

  @Test
  void missingFetchableDatasetNamesItselfAndTheFetchCommand() {
    assertThatThrownBy(() -> Datasets.load("mnist", "train"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataset mnist is not in the data cache " + root)
        .hasMessageContaining("l2o data fetch mnist");
  }

  @Test
  void missingImportOnlyDatasetNamesTheImportCommand() {
    assertThatThrownBy(() -> Datasets.load("kmnist", "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataset kmnist").hasMessageContaining("l2o data import kmnist PATH");
    assertThatThrownBy(() -> Datasets.ensure("svhn_cropped"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("l2o data import svhn_cropped PATH");
  }

  @Test
  void aCifar100ProblemWithoutItsDataNamesTheDatasetTheOfficialFilesAndTheImportCommand() {
    org.l2o.problems.ImageClassifier problem = org.l2o.problems.ProblemRegistry.create("resnet_52_100", Datasets::load);
    String expected = "dataset cifar100 is not in the data cache " + root + "; it cannot be downloaded automatically: "
        + "get the official files (train.bin, test.bin: the CIFAR-100 binary version, cifar-100-binary.tar.gz) from "
        + "https://www.cs.toronto.edu/~kriz/cifar.html and run: l2o data import cifar100 PATH";
    assertThatThrownBy(problem::trainData).isInstanceOf(IllegalStateException.class).hasMessage(expected);
    assertThatThrownBy(() -> Datasets.ensure("cifar100")).isInstanceOf(IllegalStateException.class)
        .hasMessage(expected);
    // the same message as kmnist's, with the dataset's own files and home page
    assertThatThrownBy(() -> Datasets.load("kmnist", "train")).hasMessage("dataset kmnist is not in the data cache "
        + root + "; it cannot be downloaded automatically: get the official files (train-images-idx3-ubyte, "
        + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte: IDX files, .gz accepted) from "
        + "https://github.com/rois-codh/kmnist and run: l2o data import kmnist PATH");
  }

  @Test
  void badNamesAndSplitsAreRejected() {
    assertThatThrownBy(() -> Datasets.load("imagenet", "train")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown dataset 'imagenet'");
    assertThatThrownBy(() -> Datasets.load("mnist", "valid")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown split 'valid'");
  }

  @Test
  void damagedCacheFileIsNamedAndLeftAlone() throws IOException {
    Path dir = Files.createDirectories(root.resolve("kmnist"));
    for (DataFile f : DatasetRegistry.get("kmnist").files()) {
      Files.write(dir.resolve(f.fileName()), TestFiles.idxLabels(new int[] {1}));
    }
    assertThatThrownBy(() -> Datasets.load("kmnist", "train"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("train-images-idx3-ubyte").toString())
        .hasMessageContaining("checksum mismatch");
    assertThat(Files.readAllBytes(dir.resolve("train-images-idx3-ubyte")))
        .isEqualTo(TestFiles.idxLabels(new int[] {1}));
  }

  @Test
  void statusListsEveryDatasetWithItsState() throws IOException {
    Files.createDirectories(root.resolve("cifar10"));
    Files.write(root.resolve("cifar10/test_batch.bin"), new byte[3073]);
    assertThat(Datasets.status(false)).extracting(s -> s.info().name() + ":" + s.state()).containsExactly(
        "mnist:missing", "fashion_mnist:missing", "cifar10:incomplete", "kmnist:missing", "svhn_cropped:missing",
        "cifar100:missing");
    assertThat(Datasets.status(false).get(2).bytesOnDisk()).isEqualTo(3073);
  }
}
