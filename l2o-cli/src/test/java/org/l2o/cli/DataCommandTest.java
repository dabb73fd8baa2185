package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2o.problems.data.Datasets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private String oldRoot;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    oldRoot = System.getProperty("l2o.data");
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    if (oldRoot == null) {
      System.clearProperty("l2o.data");
    } else {
      System.setProperty("l2o.data", oldRoot);
    }
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void statusListsEveryDataset() {
    assertThat(Main.run("data", "status")).isZero();
    assertThat(stdout()).contains("data cache:", "NAME", "STATE", "mnist", "fashion_mnist", "cifar10", "kmnist",
        "svhn_cropped", "cifar100");
  }

  @Test
  void cifar100IsImportOnlyAndItsProblemsSayHowToGetIt(@TempDir Path root) throws Exception {
    System.setProperty("l2o.data", root.toString());
    assertThat(Main.run("data", "status")).isZero();
    assertThat(stdout()).containsPattern("cifar100 +missing +- +\\S+ +l2o data import cifar100 PATH \\(official "
        + "files: https://www.cs.toronto.edu/~kriz/cifar.html\\)");
    assertThat(Main.run("data", "fetch", "cifar100")).isEqualTo(1);
    String advice = "get the official files (train.bin, test.bin: the CIFAR-100 binary version, "
        + "cifar-100-binary.tar.gz) from https://www.cs.toronto.edu/~kriz/cifar.html and run: l2o data import "
        + "cifar100 PATH";
    assertThat(stderr()).contains("cifar100 cannot be fetched automatically (no fetch route serves it): " + advice);
    assertThat(Main.run("bench", "--problem=resnet_52_100", "--no-learned")).isEqualTo(1);
    assertThat(stderr()).contains("dataset cifar100 is not in the data cache " + root + "; it cannot be downloaded "
        + "automatically: " + advice);

    Path official = Files.createDirectories(root.resolve("download/cifar-100-binary"));
    Files.write(official.resolve("train.bin"), new byte[2 * 3074]);
    Files.write(official.resolve("test.bin"), new byte[3074]);
    assertThat(Main.run("data", "import", "cifar100", root.resolve("download").toString())).isEqualTo(1);
    assertThat(stderr()).contains(official.resolve("train.bin") + ": 6,148 bytes, expected 153,700,000 (50,000 "
        + "records of 3074 bytes) for cifar100/train");
    assertThat(root.resolve("cifar100")).doesNotExist();
  }

  @Test
  void helpDescribesTheSubcommands() {
    assertThat(Main.run("data", "--help")).isZero();
    assertThat(stdout()).contains("status", "fetch", "import", "L2O_DATA");
    assertThat(Main.run("data", "fetch", "--help")).isZero();
    assertThat(stdout()).contains("--force", "--order", "L2O_FETCH_ORDER");
    assertThat(Main.run("data", "import", "--help")).isZero();
    assertThat(stdout().replaceAll("\\s+", " ")).contains("cifar100 cannot be fetched", "cifar-100-binary.tar.gz",
        "153,700,000 and 30,740,000 bytes", "no reference MD5 available");
  }

  @Test
  void badRequestsFailWithOneClearLine(@TempDir Path root) {
    System.setProperty("l2o.data", root.toString());
    assertThat(Main.run("data", "fetch", "nosuch")).isEqualTo(1);
    assertThat(stderr()).contains("unknown dataset 'nosuch'");
    assertThat(Main.run("data", "fetch", "kmnist")).isEqualTo(1);
    assertThat(stderr()).contains("l2o data import kmnist PATH");
    assertThat(Main.run("data", "fetch", "--order", "ftp", "mnist")).isEqualTo(1);
    assertThat(stderr()).contains("--order: unknown fetch route 'ftp'");
    assertThat(Main.run("data", "import", "svhn_cropped", root.resolve("nowhere").toString())).isEqualTo(1);
    assertThat(stderr()).contains("nowhere does not exist");
    assertThat(root.resolve("svhn_cropped")).doesNotExist();
  }

  @Test
  void importCopiesVerifiedOfficialFilesIntoTheCache(@TempDir Path root) throws Exception {
    Path official = Datasets.ensure("mnist");
    System.setProperty("l2o.data", root.toString());
    assertThat(Main.run("data", "import", "mnist", official.toString())).isZero();
    assertThat(stdout()).contains("mnist: present in " + root.resolve("mnist"));
    assertThat(Files.mismatch(root.resolve("mnist/t10k-labels-idx1-ubyte"),
        official.resolve("t10k-labels-idx1-ubyte"))).isEqualTo(-1);
    out.reset();
    assertThat(Main.run("data", "status")).isZero();
    assertThat(stdout()).containsPattern("mnist +verified");
  }

  @Test
  void statusVerifiesContentAndFailsNamingTheCorruptFile(@TempDir Path root) throws Exception {
    Path official = Datasets.ensure("mnist");
    System.setProperty("l2o.data", root.toString());
    Path copy = Files.createDirectories(root.resolve("mnist"));
    for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"}) {
      Files.copy(official.resolve(f), copy.resolve(f));
    }
    assertThat(Main.run("data", "status")).isZero();
    assertThat(stdout()).contains("contents verified").containsPattern("mnist +verified");
    Path labels = copy.resolve("t10k-labels-idx1-ubyte");
    byte[] bytes = Files.readAllBytes(labels);
    Files.write(labels, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    out.reset();
    assertThat(Main.run("data", "status")).isEqualTo(1);
    assertThat(stdout()).containsPattern("mnist +corrupt .*l2o data fetch --force mnist");
    assertThat(stderr()).contains("mnist: checksum mismatch for " + labels, "expected MD5 ");
    out.reset();
    assertThat(Main.run("data", "status", "--no-verify")).isZero();
    assertThat(stdout()).contains("contents not verified (--no-verify)").containsPattern("mnist +unchecked");
  }
}
