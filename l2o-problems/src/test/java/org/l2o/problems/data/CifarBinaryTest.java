package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.l2o.core.data.ImageSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
  private static final int IMAGE = 32 * 32 * 3;
  @TempDir Path dir;

  @Test
  void writeThenReadRoundTripsAcrossBatches() throws IOException {
    byte[] a = TestFiles.ramp(2 * IMAGE, 1);
    byte[] b = TestFiles.ramp(IMAGE, 5);
    Path fa = dir.resolve("a.bin");
    Path fb = dir.resolve("b.bin");
    CifarBinaryWriter.write(fa, new int[] {3, 9}, a);
    CifarBinaryWriter.write(fb, new int[] {0}, b);
    assertThat(Files.size(fa)).isEqualTo(2L * 3073);

    ImageSet set = CifarBinaryReader.read("c/train", List.of(fa, fb));
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.label(0)).isEqualTo(3);
    assertThat(set.label(1)).isEqualTo(9);
    assertThat(set.label(2)).isEqualTo(0);
    for (int j = 0; j < IMAGE; j++) {
      assertThat(set.pixel(1, j)).isEqualTo(a[IMAGE + j] & 0xff);
      assertThat(set.pixel(2, j)).isEqualTo(b[j] & 0xff);
    }
  }

  @Test
  void recordLayoutIsLabelThenRgbPlanes() throws IOException {
    byte[] hwc = new byte[IMAGE];
    // pixel (h=1, w=2) = index 34: R=10, G=20, B=30
    hwc[34 * 3] = 10;
    hwc[34 * 3 + 1] = 20;
    hwc[34 * 3 + 2] = 30;
    Path f = dir.resolve("one.bin");
    CifarBinaryWriter.write(f, new int[] {7}, hwc);
    byte[] rec = Files.readAllBytes(f);
    assertThat(rec[0]).isEqualTo((byte) 7);
    assertThat(rec[1 + 34]).isEqualTo((byte) 10);
    assertThat(rec[1 + 1024 + 34]).isEqualTo((byte) 20);
    assertThat(rec[1 + 2048 + 34]).isEqualTo((byte) 30);
  }

  @Test
  void truncatedBatchIsReported() throws IOException {
    Path f = dir.resolve("t.bin");
    CifarBinaryWriter.write(f, new int[] {1, 2}, new byte[2 * IMAGE]);
    Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 3073 + 100));
    assertThatThrownBy(() -> CifarBinaryReader.read("x", List.of(f)))
        .hasMessageContaining(f.toString())
        .hasMessageContaining("truncated or not a CIFAR-10 binary batch");
  }

  @Test
  void labelOutsideRangeIsReported() throws IOException {
    byte[] rec = new byte[3073];
    rec[0] = (byte) 12;
    Path f = TestFiles.write(dir, "bad.bin", rec);
    assertThatThrownBy(() -> CifarBinaryReader.read("x", List.of(f)))
        .hasMessageContaining(f.toString()).hasMessageContaining("label 12");
  }

  @Test
  void cifar100RecordsAreCoarseFineThenRgbPlanesAndReadAsFineLabels() throws IOException {
    byte[] hwc = TestFiles.ramp(3 * IMAGE, 3);
    hwc[34 * 3] = 10; // image 0, pixel (h=1, w=2): R=10, G=20, B=30
    hwc[34 * 3 + 1] = 20;
    hwc[34 * 3 + 2] = 30;
    Path f = dir.resolve("train.bin");
    CifarBinaryWriter.write(f, CifarLayout.CIFAR100, new int[][] {{19, 99}, {4, 0}, {19, 99}}, hwc);
    byte[] bytes = Files.readAllBytes(f);
    assertThat(bytes).hasSize(3 * 3074);
    assertThat(bytes[0]).isEqualTo((byte) 19);
    assertThat(bytes[1]).isEqualTo((byte) 99);
    assertThat(bytes[2 + 34]).isEqualTo((byte) 10);
    assertThat(bytes[2 + 1024 + 34]).isEqualTo((byte) 20);
    assertThat(bytes[2 + 2048 + 34]).isEqualTo((byte) 30);
    assertThat(bytes[3074]).isEqualTo((byte) 4);
    assertThat(bytes[3075]).isEqualTo((byte) 0);

    ImageSet set = CifarBinaryReader.read("cifar100/train", List.of(f), CifarLayout.CIFAR100);
    assertThat(set.numClasses()).isEqualTo(100);
    assertThat(set.size()).isEqualTo(3);
    assertThat(new int[] {set.label(0), set.label(1), set.label(2)}).containsExactly(99, 0, 99);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < IMAGE; j++) {
        assertThat(set.pixel(i, j)).isEqualTo(hwc[i * IMAGE + j] & 0xff);
      }
    }
  }

  @Test
  void cifar100FilesOutOfRangeOrInconsistentAreRefusedNamingTheFile() throws IOException {
    byte[] rec = new byte[3074];
    rec[0] = 3;
    rec[1] = (byte) 100;
    Path fine = TestFiles.write(dir, "fine.bin", rec);
    assertThatThrownBy(() -> CifarBinaryReader.read("x", List.of(fine), CifarLayout.CIFAR100))
        .hasMessage(fine + ": record 0 has fine label 100, outside 0..99: not a CIFAR-100 binary file");
    rec[0] = 20;
    rec[1] = 7;
    Path coarse = TestFiles.write(dir, "coarse.bin", rec);
    assertThatThrownBy(() -> CifarBinaryReader.read("x", List.of(coarse), CifarLayout.CIFAR100))
        .hasMessage(coarse + ": record 0 has coarse label 20, outside 0..19: not a CIFAR-100 binary file");
    byte[] two = new byte[2 * 3074];
    two[0] = 2;
    two[1] = 7;
    two[3074] = 5;
    two[3075] = 7;
    Path mixed = TestFiles.write(dir, "mixed.bin", two);
    assertThatThrownBy(() -> CifarBinaryReader.read("x", List.of(mixed), CifarLayout.CIFAR100))
        .hasMessage(mixed + ": record 1 has fine label 7 with coarse label 5, record 0 with coarse label 2: "
            + "not a CIFAR-100 binary file");
    // a CIFAR-10 batch is not a whole number of CIFAR-100 records
    Path ten = dir.resolve("data_batch_1.bin");
    CifarBinaryWriter.write(ten, new int[] {1, 2}, new byte[2 * IMAGE]);
    assertThatThrownBy(() -> CifarBinaryReader.read("x", List.of(ten), CifarLayout.CIFAR100))
        .hasMessage(ten + ": truncated or not a CIFAR-100 binary file: size 6146 bytes is not a positive multiple "
            + "of the 3074-byte record");
    assertThatThrownBy(() -> CifarBinaryWriter.write(dir.resolve("w.bin"), CifarLayout.CIFAR100,
        new int[][] {{1, 100}}, new byte[IMAGE])).hasMessageContaining("fine label 100 of image 0 is outside 0..99");
  }

  @Test
  void pngRowsConvertToOfficialRecords() throws IOException {
    int rows = 3;
    BufferedImage img = new BufferedImage(1024, rows, BufferedImage.TYPE_3BYTE_BGR);
    byte[] expected = new byte[rows * IMAGE];
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < 1024; x++) {
        int r = (x + y) % 256;
        int g = (3 * x + 7 * y) % 256;
        int b = (255 - x) & 0xff;
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
        int base = y * IMAGE + 3 * x;
        expected[base] = (byte) r;
        expected[base + 1] = (byte) g;
        expected[base + 2] = (byte) b;
      }
    }
    Path png = dir.resolve("b.png");
    ImageIO.write(img, "png", png.toFile());
    Path json = TestFiles.write(dir, "l.json", "[4, 0,9]".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    int[] labels = CifarPngConverter.parseLabels(json);
    assertThat(labels).containsExactly(4, 0, 9);

    Path bin = dir.resolve("b.bin");
    CifarPngConverter.convert(png, labels, bin);
    ImageSet set = CifarBinaryReader.read("x", List.of(bin));
    assertThat(set.label(2)).isEqualTo(9);
    byte[] got = new byte[rows * IMAGE];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < IMAGE; j++) {
        got[i * IMAGE + j] = (byte) set.pixel(i, j);
      }
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void pngWithWrongRowCountIsRejected() throws IOException {
    Path png = dir.resolve("b.png");
    ImageIO.write(new BufferedImage(1024, 2, BufferedImage.TYPE_3BYTE_BGR), "png", png.toFile());
    assertThatThrownBy(() -> CifarPngConverter.convert(png, new int[] {1, 2, 3}, dir.resolve("o.bin")))
        .hasMessageContaining(png.toString()).hasMessageContaining("1024 x 3");
  }
}
