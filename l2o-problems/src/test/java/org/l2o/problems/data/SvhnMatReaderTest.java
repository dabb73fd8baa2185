package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.l2o.core.data.ImageSet;
import org.l2o.core.io.ByteMutations;
import org.l2o.core.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.types.MatlabType;

class SvhnMatReaderTest {
  @TempDir Path dir;

  private static int value(int h, int w, int c, int n) {
    return TestFiles.svhnValue(h, w, c, n);
  }

  private Path writeMat(int n, double[] labels, MatlabType xType) throws IOException {
    return TestFiles.writeSvhnMat(dir.resolve("s.mat"), n, labels, xType);
  }

  @Test
  void readsColumnMajorXAsNhwcAndMapsLabelTenToZero() throws IOException {
    Path file = writeMat(3, new double[] {10, 1, 7}, MatlabType.UInt8);
    ImageSet set = SvhnMatReader.read(file, "svhn/test");
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.exampleShape().asArray()).containsExactly(32, 32, 3);
    assertThat(set.label(0)).isZero();
    assertThat(set.label(1)).isEqualTo(1);
    assertThat(set.label(2)).isEqualTo(7);
    for (int n = 0; n < 3; n++) {
      for (int h = 0; h < 32; h++) {
        for (int w = 0; w < 32; w++) {
          for (int c = 0; c < 3; c++) {
            assertThat(set.pixel(n, (h * 32 + w) * 3 + c)).isEqualTo(value(h, w, c, n));
          }
        }
      }
    }
  }

  @Test
  void wrongTypeOfXIsRejected() throws IOException {
    Path file = writeMat(1, new double[] {3}, MatlabType.Int8);
    assertThatThrownBy(() -> SvhnMatReader.read(file, "x"))
        .hasMessageContaining(file.toString()).hasMessageContaining("X must be uint8 [32,32,3,N]");
  }

  @Test
  void labelOutsideOneToTenIsRejected() throws IOException {
    Path file = writeMat(2, new double[] {3, 0}, MatlabType.UInt8);
    assertThatThrownBy(() -> SvhnMatReader.read(file, "x"))
        .hasMessageContaining(file.toString()).hasMessageContaining("outside 1..10");
  }

  @Test
  void nonMatFileIsRejected() throws IOException {
    Path file = TestFiles.write(dir, "junk.mat", "not a mat file at all".getBytes());
    assertThatThrownBy(() -> SvhnMatReader.read(file, "x"))
        .hasMessageContaining(file.toString()).hasMessageContaining("not a readable MATLAB v5 .mat file");
  }

  @Test
  void aCorruptedSizeIsRefusedWithoutAllocatingIt() throws IOException {
    // Found by DatasetReaderProperties: the damaged deflate stream declares an element of 1,985,675,520 bytes,
    // which the library reserved as direct memory (about 15 s of stall, or an OutOfMemoryError) before failing.
    Path valid = writeMat(0, new double[0], MatlabType.UInt8);
    byte[] damaged = ByteMutations.apply(Files.readAllBytes(valid), List.of(
        new ByteMutations.Mutation(ByteMutations.Kind.INSERT, 2681, new byte[] {-119, 46, -13}),
        new ByteMutations.Mutation(ByteMutations.Kind.REMOVE, 123580, new byte[] {-8})));
    Path file = TestFiles.write(dir, "test_32x32.mat", damaged);
    assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(3), () -> SvhnMatReader.read(file, "svhn")))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(file + ": not a readable MATLAB v5 .mat file (an element declares 1985675520 bytes, more than the "
            + damaged.length + " bytes of the file can hold (corrupted size field))");
  }
}
