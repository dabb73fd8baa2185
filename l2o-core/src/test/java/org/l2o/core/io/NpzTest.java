package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzTest {
  private static final List<long[]> SHAPES =
      List.of(new long[] {}, new long[] {5}, new long[] {2, 3}, new long[] {2, 3, 4}, new long[] {0, 3});

  @TempDir Path dir;

  /** One array of every dtype for each shape, with values that differ per element. */
  private static Map<String, NpyArray> everyDtypeAndShape() {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (long[] shape : SHAPES) {
      int n = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
      String suffix = "_" + shape.length + "d" + (n == 0 ? "_empty" : "");
      float[] f = new float[n];
      double[] d = new double[n];
      int[] i = new int[n];
      long[] l = new long[n];
      boolean[] b = new boolean[n];
      for (int k = 0; k < n; k++) {
        f[k] = k * 0.37f - 1.5f;
        d[k] = Math.sqrt(k + 2.0) * (k % 2 == 0 ? 1 : -1);
        i[k] = k * 1_000_003 - 7;
        l[k] = k * (1L << 40) - 3;
        b[k] = k % 3 == 0;
      }
      arrays.put("f4" + suffix, NpyArray.float32(f, shape));
      arrays.put("f8" + suffix, NpyArray.float64(d, shape));
      arrays.put("i4" + suffix, NpyArray.int32(i, shape));
      arrays.put("i8" + suffix, NpyArray.int64(l, shape));
      arrays.put("b1" + suffix, NpyArray.bool(b, shape));
    }
    return arrays;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void roundTripsEveryDtypeAndShapeInOrder(boolean compressed) throws IOException {
    Map<String, NpyArray> arrays = everyDtypeAndShape();
    Path file = dir.resolve("all.npz");
    if (compressed) {
      Npz.writeCompressed(file, arrays);
    } else {
      Npz.write(file, arrays);
    }
    Map<String, NpyArray> back = Npz.read(file);
    assertThat(back).containsExactlyEntriesOf(arrays);
    assertThat(back.get("f4_2d").shape()).containsExactly(2, 3);
    assertThat(back.get("i8_0d").rank()).isZero();
    assertThat(back.get("i8_0d").longs()).containsExactly(-3L);
    assertThat(back.get("b1_3d").dtype()).isEqualTo(NpyDtype.BOOL);
  }

  @Test
  void roundTripsSpecialFloatValues() throws IOException {
    Map<String, NpyArray> arrays = Map.of(
        "f4", NpyArray.float32(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            -0.0f, Float.MIN_VALUE, Float.MAX_VALUE}, 6),
        "f8", NpyArray.float64(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE}, 2, 2));
    Path file = dir.resolve("special.npz");
    Npz.write(file, arrays);
    Map<String, NpyArray> back = Npz.read(file);
    assertThat(back.get("f4").floats()).usingElementComparator(Float::compare)
        .containsExactly(arrays.get("f4").floats());
    assertThat(back.get("f8")).isEqualTo(arrays.get("f8"));
    assertThat(Double.doubleToRawLongBits(back.get("f8").doubles()[2])).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void headerIsPaddedSoDataStartsAt64ByteBoundaryWithTrailingNewline() {
    for (NpyArray array : everyDtypeAndShape().values()) {
      byte[] bytes = Npy.toBytes(array);
      int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
      int dataStart = 10 + headerLength;
      assertThat(bytes[6]).as("major version").isEqualTo((byte) 1);
      assertThat(dataStart % 64).as("data offset of %s", array).isZero();
      assertThat(bytes[dataStart - 1]).isEqualTo((byte) '\n');
      assertThat(bytes.length - dataStart).isEqualTo(array.size() * array.dtype().itemSize());
      String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
      assertThat(header).startsWith("{'descr': '" + array.dtype().descr() + "', 'fortran_order': False, 'shape': (");
    }
  }

  @Test
  void hugeHeaderSwitchesToVersion2() throws IOException {
    long[] shape = new long[25_000]; // a header over 64 KiB needs a very high rank
    Arrays.fill(shape, 1);
    NpyArray array = NpyArray.float64(new double[] {4.25}, shape);
    byte[] bytes = Npy.toBytes(array);
    assertThat(bytes[6]).isEqualTo((byte) 2);
    int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat((12 + headerLength) % 64).isZero();
    assertThat(Npy.fromBytes(bytes, "v2")).isEqualTo(array);
  }

  @Test
  void singleNpyFileRoundTrips() throws IOException {
    NpyArray array = NpyArray.int32(new int[] {1, -2, 3, -4}, 2, 2);
    Path file = dir.resolve("sub/a.npy");
    Npy.write(file, array);
    assertThat(Npy.read(file)).isEqualTo(array);
  }

  /** The arrays of the fixture script make_npz_fixtures.py (next to the fixtures), rebuilt independently. */
  private static Map<String, NpyArray> numpyFixtureArrays() {
    Map<String, NpyArray> m = new LinkedHashMap<>();
    m.put("f4", NpyArray.float32(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, 2, 3));
    m.put("f8", NpyArray.float64(new double[] {0.1, -2.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e-300}, 6));
    m.put("i4", NpyArray.int32(new int[] {-7}));
    long[] i8 = new long[6];
    for (int k = 0; k < 6; k++) {
      i8[k] = k * (1L << 40) - 3;
    }
    m.put("i8", NpyArray.int64(i8, 2, 1, 3));
    m.put("b1", NpyArray.bool(new boolean[] {true, false, true}, 3));
    m.put("eval/_choices_conv_0/kernel:0", NpyArray.float32(new float[] {1f, 2f}, 1, 2));
    // Saved by NumPy in Fortran order; the reader returns C order.
    m.put("fortran", NpyArray.float64(new double[] {0, 1, 2, 3, 4, 5}, 2, 3));
    // Saved big-endian ('>f4'); the reader returns the values.
    m.put("big_endian", NpyArray.float32(new float[] {1.5f, -2.0f}, 2));
    m.put("empty", NpyArray.float32(new float[0], 0, 3));
    return m;
  }

  private static Path resource(String name) {
    try {
      return Path.of(NpzTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"numpy_savez.npz", "numpy_savez_compressed.npz"})
  void readsFilesWrittenByNumpy(String fixture) throws IOException {
    Map<String, NpyArray> read = Npz.read(resource(fixture));
    assertThat(read).containsExactlyEntriesOf(numpyFixtureArrays());
  }

  @Test
  void writerProducesTheSameNpyBytesAsNumpy() throws IOException {
    Map<String, NpyArray> expected = numpyFixtureArrays();
    try (ZipFile zip = new ZipFile(resource("numpy_savez.npz").toFile())) {
      for (String key : List.of("f4", "f8", "i4", "i8", "b1", "eval/_choices_conv_0/kernel:0", "empty")) {
        byte[] numpyBytes;
        try (InputStream in = zip.getInputStream(zip.getEntry(key + ".npy"))) {
          numpyBytes = in.readAllBytes();
        }
        assertThat(Npy.toBytes(expected.get(key))).as(key).isEqualTo(numpyBytes);
      }
    }
  }

  @Test
  void truncatedFileIsReportedWithItsPath() throws IOException {
    Path file = dir.resolve("good.npz");
    Npz.write(file, everyDtypeAndShape());
    byte[] bytes = Files.readAllBytes(file);
    for (int length : new int[] {0, 10, bytes.length / 2, bytes.length - 1}) {
      Path cut = dir.resolve("cut_" + length + ".npz");
      Files.write(cut, Arrays.copyOf(bytes, length));
      assertThatThrownBy(() -> Npz.read(cut))
          .isInstanceOf(FileFormatException.class)
          .hasMessageContaining(cut.toString())
          .hasMessageContaining("truncated or corrupted");
    }
  }

  /** A zip with one entry holding exactly these bytes, bypassing the writer's checks. */
  private Path zipWith(String name, byte[] content) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    }
    Path file = dir.resolve("handmade.npz");
    Files.write(file, buffer.toByteArray());
    return file;
  }

  @Test
  void missingFileAndDirectoryAreReported() {
    assertThatThrownBy(() -> Npz.read(dir.resolve("absent.npz")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("absent.npz");
    assertThatThrownBy(() -> Npz.read(dir)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void truncatedArrayDataNamesFileEntryAndSizes() throws IOException {
    byte[] npy = Npy.toBytes(NpyArray.float32(new float[6], 2, 3));
    Path file = zipWith("loss.npy", Arrays.copyOf(npy, npy.length - 4));
    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(FileFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("entry 'loss.npy'")
        .hasMessageContaining("truncated: data has 20 bytes, expected 24 for shape (2, 3) and dtype <f4");
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    byte[] npy = Npy.toBytes(NpyArray.float32(new float[6], 2, 3));
    Path file = zipWith("loss.npy", Arrays.copyOf(npy, 40));
    assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("entry 'loss.npy'").hasMessageContaining("truncated: the header claims");
  }

  @Test
  void corruptedStoredDataFailsTheCrcCheck() throws IOException {
    Path file = dir.resolve("crc.npz");
    Npz.write(file, Map.of("x", NpyArray.float64(new double[] {1, 2, 3, 4}, 4)));
    byte[] bytes = Files.readAllBytes(file);
    byte[] npy = Npy.toBytes(NpyArray.float64(new double[] {1, 2, 3, 4}, 4));
    int at = indexOf(bytes, npy) + npy.length - 1; // last data byte, inside the stored entry
    bytes[at] ^= 0x55;
    Files.write(file, bytes);
    assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("entry 'x.npy'").hasMessageContaining("CRC");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** Header edits of the same length keep the padding valid, so only the dict itself is wrong. */
  @Test
  void malformedHeadersAreReportedWithTheField() {
    String[][] cases = {
        {"'shape': (2,)", "'shape': (2) ", "header 'shape' is not a tuple of integers"},
        {"'shape': (2,)", "'shape':(-2,)", "header 'shape' entry 0 is not a non-negative integer"},
        {"'fortran_order': False", "'fortran_order': 0    ", "header 'fortran_order' is not True or False"},
        {"'descr'", "'DESCR'", "are not exactly descr, fortran_order, shape"},
        {"{'descr'", "['descr'", "not a Python dict literal"},
        {"'<f4'", " <f4 ", "not a Python dict literal"}};
    String header = new String(Npy.toBytes(NpyArray.float32(new float[] {1, 2}, 2)), StandardCharsets.ISO_8859_1);
    for (String[] c : cases) {
      assertThat(header).contains(c[0]);
      assertThat(c[1]).hasSameSizeAs(c[0]);
      byte[] patched = header.replace(c[0], c[1]).getBytes(StandardCharsets.ISO_8859_1);
      assertThatThrownBy(() -> Npy.fromBytes(patched, "x.npy")).as(c[1])
          .isInstanceOf(FileFormatException.class).hasMessageContaining("x.npy").hasMessageContaining(c[2]);
    }
  }

  @Test
  void unsupportedDtypeBadMagicAndForeignEntriesAreReported() throws IOException {
    byte[] complex = Npy.toBytes(NpyArray.float32(new float[] {1, 2}, 2));
    byte[] patched = new String(complex, StandardCharsets.ISO_8859_1).replace("'<f4'", "'<c8'")
        .getBytes(StandardCharsets.ISO_8859_1);
    Path c8 = zipWith("z.npy", patched);
    assertThatThrownBy(() -> Npz.read(c8)).hasMessageContaining("unsupported dtype '<c8'");

    Path text = zipWith("z.npy", "hello, world".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Npz.read(text)).hasMessageContaining("bad magic");

    Path foreign = zipWith("notes.txt", new byte[] {1});
    assertThatThrownBy(() -> Npz.read(foreign)).hasMessageContaining("entry 'notes.txt': not a .npy entry");
  }

  @Test
  void aCorruptedDeflateStreamIsReportedWithAReason() throws IOException {
    Path valid = dir.resolve("deflated.npz");
    Npz.writeCompressed(valid, Map.of("loss", NpyArray.float64(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4)));
    byte[] bytes = Files.readAllBytes(valid);
    assertThat(bytes).hasSize(243);
    bytes[200] = -1; // the central directory's compressed size: the inflater then hits EOF with no message
    Path damaged = dir.resolve("damaged.npz");
    Files.write(damaged, bytes);
    assertThatThrownBy(() -> Npz.read(damaged))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(damaged + ", entry 'loss.npy': corrupted entry: the archive ends inside the entry's data");
  }

  @Test
  void aCommentLengthPastTheEndIsReportedNamingTheFile() throws IOException {
    Path valid = dir.resolve("plain.npz");
    Npz.write(valid, Map.of("loss", NpyArray.float64(new double[] {1, 2}, 2)));
    byte[] bytes = Files.readAllBytes(valid);
    bytes[bytes.length - 2] = 1; // the end record's comment length: ZipFile read past the end (EOFException)
    Path damaged = dir.resolve("damaged.npz");
    Files.write(damaged, bytes);
    assertThatThrownBy(() -> Npz.read(damaged))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(damaged + ": not a valid .npz (zip) file, truncated or corrupted: "
            + "a zip record points past the end of the file");
  }

  @Test
  void factoriesRejectShapesThatDoNotMatchTheData() {
    assertThatThrownBy(() -> NpyArray.float32(new float[5]))
        .hasMessageContaining("shape () holds 1 elements but 5 were given");
    assertThatThrownBy(() -> NpyArray.int64(new long[5], 2, 3)).hasMessageContaining("(2, 3)");
    assertThatThrownBy(() -> NpyArray.float64(new double[][] {{1, 2}, {3}})).hasMessageContaining("ragged");
    assertThatThrownBy(() -> NpyArray.float32(new float[1], 1).doubles()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void matrixHelpersKeepRowMajorOrder() {
    NpyArray m = NpyArray.float32(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(m.shape()).containsExactly(2, 3);
    assertThat(m.floats()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(m.toDoubleMatrix()).isDeepEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(NpyArray.bool(new boolean[] {true, false}, 2).toDoubleArray()).containsExactly(1, 0);
  }
}
