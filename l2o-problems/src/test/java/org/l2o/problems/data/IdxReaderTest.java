package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void imagesAndLabelsRoundTrip() throws IOException {
    byte[] pixels = TestFiles.ramp(3 * 4 * 5, 1);
    Path images = TestFiles.write(dir, "img", TestFiles.idxImages(3, 4, 5, pixels));
    Path labels = TestFiles.write(dir, "lab", TestFiles.idxLabels(new int[] {7, 0, 255}));

    IdxReader.Images read = IdxReader.readImages(images);
    assertThat(read.count()).isEqualTo(3);
    assertThat(read.rows()).isEqualTo(4);
    assertThat(read.cols()).isEqualTo(5);
    assertThat(read.pixels()).isEqualTo(pixels);
    assertThat(IdxReader.readLabels(labels)).containsExactly(7, 0, 255);
  }

  @Test
  void gzippedFilesAreReadTransparently() throws IOException {
    byte[] pixels = TestFiles.ramp(2 * 3 * 3, 2);
    Path images = TestFiles.write(dir, "img.gz", TestFiles.gzip(TestFiles.idxImages(2, 3, 3, pixels)));
    assertThat(IdxReader.readImages(images).pixels()).isEqualTo(pixels);
  }

  @Test
  void wrongMagicNamesFileAndBothNumbers() throws IOException {
    Path labels = TestFiles.write(dir, "labels-as-images", TestFiles.idxLabels(new int[] {1, 2}));
    assertThatThrownBy(() -> IdxReader.readImages(labels))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("wrong magic number 0x00000801, expected 0x00000803");
  }

  @Test
  void truncatedDataIsReportedWithSizes() throws IOException {
    byte[] full = TestFiles.idxImages(2, 4, 4, TestFiles.ramp(32, 3));
    Path cut = TestFiles.write(dir, "cut", Arrays.copyOf(full, full.length - 5));
    assertThatThrownBy(() -> IdxReader.readImages(cut))
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated")
        .hasMessageContaining("2 images of 4x4 (32 bytes of data) but only 27 bytes follow");
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path cut = TestFiles.write(dir, "cut", Arrays.copyOf(TestFiles.idxLabels(new int[] {1}), 6));
    assertThatThrownBy(() -> IdxReader.readLabels(cut))
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated: the file ends inside the IDX header");
  }

  @Test
  void trailingDataIsRejected() throws IOException {
    byte[] full = TestFiles.idxLabels(new int[] {1, 2, 3});
    Path longer = TestFiles.write(dir, "long", Arrays.copyOf(full, full.length + 1));
    assertThatThrownBy(() -> IdxReader.readLabels(longer))
        .hasMessageContaining(longer.toString())
        .hasMessageContaining("unexpected data after the 3 labels");
  }
}
