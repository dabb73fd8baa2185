package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.l2o.core.data.ImageSet;
import org.l2o.core.io.Bounded;
import org.l2o.core.io.ByteMutations;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.io.ScratchFolder;
import us.hebi.matlab.mat.types.MatlabType;

/**
 * Properties of the dataset readers on small files built here (never the dataset cache): IDX (plain and gzipped),
 * CIFAR-10 and CIFAR-100 binary and SVHN .mat files with their bytes damaged are read or refused with a FileFormatException
 * naming the file, never another exception, an OutOfMemoryError from a declared size, or a hang.
 */
class DatasetReaderProperties {
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = ScratchFolder.create("l2o-dataset-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    ScratchFolder.delete(dir);
  }

  @Property(tries = 200, seed = "1561")
  void damagedIdxImagesAreReadOrRefusedNamingTheFile(
      @ForAll @IntRange(max = 3) int n, @ForAll @IntRange(max = 4) int rows, @ForAll @IntRange(max = 4) int cols,
      @ForAll boolean gzipped, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    byte[] valid = TestFiles.idxImages(n, rows, cols, TestFiles.ramp(n * rows * cols, n));
    Path file = TestFiles.write(dir, "images-idx3-ubyte", ByteMutations.apply(gzipped ? TestFiles.gzip(valid) : valid,
        damage));
    try {
      IdxReader.Images images = Bounded.within(() -> IdxReader.readImages(file));
      assertThat(images.pixels()).hasSize(images.count() * images.rows() * images.cols());
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
    }
  }

  @Property(tries = 200, seed = "1562")
  void damagedIdxLabelsAreReadOrRefusedNamingTheFile(
      @ForAll("labels") int[] labels, @ForAll boolean gzipped, @ForAll("damage") List<ByteMutations.Mutation> damage)
      throws Exception {
    byte[] valid = TestFiles.idxLabels(labels);
    Path file = TestFiles.write(dir, "labels-idx1-ubyte", ByteMutations.apply(gzipped ? TestFiles.gzip(valid) : valid,
        damage));
    try {
      int[] read = Bounded.within(() -> IdxReader.readLabels(file));
      assertThat(java.util.Arrays.stream(read)).allMatch(l -> l >= 0 && l < 256);
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
    }
  }

  @Property(tries = 100, seed = "1563")
  void damagedCifarBatchesAreReadOrRefusedNamingTheFile(
      @ForAll("labels") int[] labels, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    Path valid = dir.resolve("valid.bin");
    CifarBinaryWriter.write(valid, labels, TestFiles.ramp(labels.length * 3 * CifarBinaryReader.PLANE, 1));
    Path file = TestFiles.write(dir, "data_batch_1.bin", ByteMutations.apply(Files.readAllBytes(valid), damage));
    try {
      ImageSet set = Bounded.within(() -> CifarBinaryReader.read("cifar10/train", List.of(file)));
      assertThat(set.size()).isEqualTo(Files.size(file) / CifarBinaryReader.RECORD);
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
    }
  }

  @Property(tries = 100, seed = "1565")
  void damagedCifar100FilesAreReadOrRefusedNamingTheFile(
      @ForAll @IntRange(min = 1, max = 3) int n, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    Path file = TestFiles.write(dir, "test.bin", ByteMutations.apply(TestFiles.cifar100(n, n).bytes(), damage));
    try {
      ImageSet set = Bounded.within(() -> CifarBinaryReader.read("cifar100/test", List.of(file), CifarLayout.CIFAR100));
      assertThat(set.size()).isEqualTo(Files.size(file) / CifarLayout.CIFAR100.recordSize());
      assertThat(set.numClasses()).isEqualTo(100);
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
    }
  }

  @Property(tries = 100, seed = "1564")
  void damagedSvhnFilesAreReadOrRefusedNamingTheFile(
      @ForAll @IntRange(max = 2) int n, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = 1 + i * 7 % 10;
    }
    Path valid = TestFiles.writeSvhnMat(dir.resolve("valid.mat"), n, labels, MatlabType.UInt8);
    Path file = TestFiles.write(dir, "test_32x32.mat", ByteMutations.apply(Files.readAllBytes(valid), damage));
    try {
      ImageSet set = Bounded.within(() -> SvhnMatReader.read(file, "svhn/test"));
      assertThat(set.exampleSize()).isEqualTo(32 * 32 * 3);
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(file.toString());
    }
  }

  @Provide
  Arbitrary<int[]> labels() {
    return Arbitraries.integers().between(0, 9).array(int[].class).ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<ByteMutations.Mutation>> damage() {
    return ByteMutations.sequences();
  }
}
