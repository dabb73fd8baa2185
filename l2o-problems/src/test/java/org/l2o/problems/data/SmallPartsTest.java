package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checksums, cache-root resolution, fetch order and the registry. */
class SmallPartsTest {
  @TempDir Path dir;

  @Test
  void md5OfKnownVector() throws IOException {
    Path f = TestFiles.write(dir, "abc", "abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(Md5.of(f)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    Md5.verify(f, "900150983CD24FB0D6963F7D28E17F72");
  }

  @Test
  void checksumMismatchNamesFileExpectedAndActual() throws IOException {
    Path f = TestFiles.write(dir, "abc", "abd".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Md5.verify(f, "900150983cd24fb0d6963f7d28e17f72"))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessage("checksum mismatch for " + f + ": expected MD5 900150983cd24fb0d6963f7d28e17f72, got "
            + Md5.of(f));
  }

  @Test
  void systemPropertyChoosesTheDataRoot() {
    String old = System.getProperty(DataRoot.PROPERTY);
    try {
      System.setProperty(DataRoot.PROPERTY, dir.toString());
      assertThat(DataRoot.resolve()).isEqualTo(dir.toAbsolutePath());
      assertThat(Datasets.dataRoot()).isEqualTo(dir.toAbsolutePath());
      assertThat(DataRoot.origin()).contains("l2o.data");
      System.clearProperty(DataRoot.PROPERTY);
      assertThat(DataRoot.resolve()).isNotEqualTo(dir.toAbsolutePath()).isAbsolute();
    } finally {
      restore(DataRoot.PROPERTY, old);
    }
  }

  @Test
  void fetchOrderParsesAndRejectsUnknownRoutes() {
    assertThat(FetchOrder.parse("registry, canonical", "x"))
        .containsExactly(FetchRoute.REGISTRY, FetchRoute.CANONICAL);
    assertThat(FetchOrder.parse("REGISTRY", "x")).containsExactly(FetchRoute.REGISTRY);
    assertThatThrownBy(() -> FetchOrder.parse("canonical,mirror", "system property l2o.fetch.order"))
        .hasMessageContaining("system property l2o.fetch.order").hasMessageContaining("'mirror'");
    assertThatThrownBy(() -> FetchOrder.parse("registry,registry", "x")).hasMessageContaining("twice");
    String old = System.getProperty(FetchOrder.PROPERTY);
    try {
      System.setProperty(FetchOrder.PROPERTY, "registry");
      assertThat(FetchOrder.configured()).containsExactly(FetchRoute.REGISTRY);
    } finally {
      restore(FetchOrder.PROPERTY, old);
    }
  }

  @Test
  void registryDescribesTheConfigDatasets() {
    assertThat(DatasetRegistry.names()).containsExactly("mnist", "fashion_mnist", "cifar10", "kmnist",
        "svhn_cropped", "cifar100");
    DatasetInfo svhn = DatasetRegistry.get("svhn_cropped");
    assertThat(svhn.exampleShape().asArray()).containsExactly(32, 32, 3);
    assertThat(svhn.size("train")).isEqualTo(73257);
    assertThat(svhn.size("test")).isEqualTo(26032);
    assertThat(svhn.fetchable()).isFalse();
    DatasetInfo cifar = DatasetRegistry.get("cifar10");
    assertThat(cifar.files("train")).hasSize(5).allMatch(DataFile::hasMd5);
    assertThat(DatasetRegistry.get("kmnist").files()).allMatch(DataFile::hasMd5);
    assertThat(DatasetRegistry.get("fashion_mnist").exampleShape().asArray()).containsExactly(28, 28, 1);
    DatasetInfo cifar100 = DatasetRegistry.get("cifar100");
    assertThat(cifar100.exampleShape().asArray()).containsExactly(32, 32, 3);
    assertThat(cifar100.numClasses()).isEqualTo(100);
    assertThat(new int[] {cifar100.size("train"), cifar100.size("test")}).containsExactly(50000, 10000);
    assertThat(cifar100.files()).extracting(DataFile::fileName).containsExactly("train.bin", "test.bin");
    assertThat(cifar100.files()).noneMatch(DataFile::hasMd5);
    assertThat(cifar100.fetchable()).isFalse();
    assertThat(cifar100.howToGet()).isEqualTo("l2o data import cifar100 PATH");
    assertThat(DatasetSources.of(cifar100, FetchRoute.CANONICAL)).isEmpty();
    assertThat(DatasetSources.of(cifar100, FetchRoute.REGISTRY)).isEmpty();
    assertThatThrownBy(() -> DatasetRegistry.get("cifar1000"))
        .hasMessageContaining("unknown dataset 'cifar1000'").hasMessageContaining("mnist, fashion_mnist");
    assertThatThrownBy(() -> svhn.size("validation")).hasMessageContaining("unknown split 'validation'");
  }

  @Test
  void progressLineShowsBytesTotalAndRate() {
    assertThat(StderrProgress.line("f.gz", 2_000_000, 8_000_000, 1_000_000_000L))
        .isEqualTo("  f.gz 2.0 MB / 8.0 MB (25%) at 2.0 MB/s");
    assertThat(StderrProgress.bytes(999)).isEqualTo("999 B");
  }

  static void restore(String key, String old) {
    if (old == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, old);
    }
  }
}
