package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.FileFormatException;

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
  void dimensionsWhoseProductOverflowsAreRefusedNotReadAsEmpty() throws IOException {
    // 2^21 * 2^21 * 2^22 = 2^64 wrapped to 0 pixels: the header alone was read as 2^21 empty images
    Path huge = TestFiles.write(dir, "huge", TestFiles.idxImages(1 << 21, 1 << 21, 1 << 22, new byte[0]));
    assertThatThrownBy(() -> IdxReader.readImages(huge))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(huge + ": IDX header declares 2097152 images of 2097152x4194304, too many pixels for one array");
    // (2^31 - 1)^3 wrapped to a negative size, which readNBytes refused with IllegalArgumentException
    int max = Integer.MAX_VALUE;
    Path negative = TestFiles.write(dir, "negative", TestFiles.idxImages(max, max, max, new byte[0]));
    assertThatThrownBy(() -> IdxReader.readImages(negative))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(negative + ": IDX header declares ");
  }

  @Test
  void corruptedGzipDataIsRefusedNamingTheFile() throws IOException {
    byte[] gz = TestFiles.gzip(TestFiles.idxLabels(new int[] {1, 2, 3, 4, 5, 6, 7, 8}));
    gz[gz.length - 5] ^= 0x10; // the CRC-32 in the gzip trailer
    Path crc = TestFiles.write(dir, "crc.gz", gz);
    assertThatThrownBy(() -> IdxReader.readLabels(crc))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(crc + ": corrupted gzip data (");
    byte[] header = Arrays.copyOf(gz, 5); // the magic, then a cut-off header
    Path cut = TestFiles.write(dir, "cut.gz", header);
    assertThatThrownBy(() -> IdxReader.readLabels(cut))
        .isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith(cut + ": corrupted gzip header (");
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
