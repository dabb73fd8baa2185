package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of the {@code .npy} / {@code .npz} readers: arrays written by the project's writers read back
 * exactly, and any damage to such a file (truncation, bit flips, inserted or removed bytes, a rewritten header)
 * ends in a {@link FileFormatException} naming the file, or in a valid array, never in another exception or a hang.
 */
class NpyNpzProperties {
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = ScratchFolder.create("l2o-npz-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    ScratchFolder.delete(dir);
  }

  @Property(tries = 200, seed = "1501")
  void arraysRoundTripThroughNpyBytes(@ForAll("arrays") NpyArray array) throws Exception {
    assertThat(Bounded.within(() -> Npy.fromBytes(Npy.toBytes(array), "a.npy"))).isEqualTo(array);
  }

  @Property(tries = 50, seed = "1502")
  void archivesRoundTrip(@ForAll("archives") Map<String, NpyArray> arrays) throws Exception {
    Path plain = dir.resolve("round.npz");
    Path deflated = dir.resolve("round-deflated.npz");
    Npz.write(plain, arrays);
    Npz.writeCompressed(deflated, arrays);
    assertThat(Bounded.within(() -> Npz.read(plain))).containsExactlyEntriesOf(arrays);
    assertThat(Bounded.within(() -> Npz.read(deflated))).containsExactlyEntriesOf(arrays);
  }

  @Property(tries = 200, seed = "1503")
  void damagedNpyBytesAreRefusedNamingTheSource(
      @ForAll("arrays") NpyArray array, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    byte[] bytes = ByteMutations.apply(Npy.toBytes(array), damage);
    String source = "run.npz, entry 'x.npy'";
    try {
      assertThat(Bounded.within(() -> Npy.fromBytes(bytes, source))).isNotNull();
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(source + ": ");
    }
  }

  @Property(tries = 200, seed = "1504")
  void rewrittenNpyHeadersAreRefusedNamingTheSource(
      @ForAll("arrays") NpyArray array, @ForAll("headerText") String text) throws Exception {
    byte[] bytes = withHeader(Npy.toBytes(array), text);
    String source = "x.npy";
    try {
      assertThat(Bounded.within(() -> Npy.fromBytes(bytes, source))).isNotNull();
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(source + ": ");
    }
  }

  @Property(tries = 150, seed = "1505")
  void damagedArchivesAreRefusedNamingTheFile(
      @ForAll("archives") Map<String, NpyArray> arrays, @ForAll boolean compressed,
      @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    Path valid = dir.resolve("valid.npz");
    if (compressed) {
      Npz.writeCompressed(valid, arrays);
    } else {
      Npz.write(valid, arrays);
    }
    Path damaged = dir.resolve("damaged.npz");
    Files.write(damaged, ByteMutations.apply(Files.readAllBytes(valid), damage));
    try {
      assertThat(Bounded.within(() -> Npz.read(damaged))).isNotNull();
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).startsWith(damaged.toString()).doesNotContain("null");
    }
  }

  /** Replaces the header dict of a version 1.0 {@code .npy} with {@code text}, fixing the length field. */
  static byte[] withHeader(byte[] npy, String text) {
    int oldLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    byte[] header = text.getBytes(StandardCharsets.ISO_8859_1);
    int length = Math.min(header.length, 0xffff);
    byte[] out = new byte[10 + length + npy.length - 10 - oldLength];
    System.arraycopy(npy, 0, out, 0, 8);
    out[8] = (byte) length;
    out[9] = (byte) (length >>> 8);
    System.arraycopy(header, 0, out, 10, length);
    System.arraycopy(npy, 10 + oldLength, out, 10 + length, npy.length - 10 - oldLength);
    return out;
  }

  @Provide
  Arbitrary<List<ByteMutations.Mutation>> damage() {
    return ByteMutations.sequences();
  }

  /** Header dicts near the valid ones: other dtypes, shapes, orders and keys, and a little noise. */
  @Provide
  Arbitrary<String> headerText() {
    Arbitrary<String> descr = Arbitraries.of("'<f4'", "'>f8'", "'|b1'", "'=i4'", "'<i8'", "'<f2'", "'<U3'", "'O'",
        "4", "None", "'<f4", "b'<f4'");
    Arbitrary<String> order = Arbitraries.of("False", "True", "0", "'no'", "None");
    Arbitrary<String> dim = Arbitraries.oneOf(
        Arbitraries.integers().between(-2, 6).map(String::valueOf),
        Arbitraries.of("4294967296", "9223372036854775807", "9223372036854775808", "1099511627776", "3.0", "'2'",
            "None", "()", "-0", "1e3"));
    Arbitrary<String> shape = dim.list().ofMaxSize(4).map(ds -> switch (ds.size()) {
      case 0 -> "()";
      case 1 -> "(" + ds.get(0) + ",)";
      default -> "(" + String.join(", ", ds) + ")";
    });
    Arbitrary<String> shapeOrOther = Arbitraries.oneOf(shape, Arbitraries.of("3", "[2, 3]", "'(2,)'", "{}", "(2"));
    Arbitrary<String> key = Arbitraries.of("shape", "descr", "fortran_order", "extra", "Shape");
    Arbitrary<String> dict = Combinators.combine(descr, order, shapeOrOther, key, Arbitraries.integers().between(0, 4))
        .as((d, o, s, k, variant) -> switch (variant) {
          case 0 -> "{'descr': " + d + ", 'fortran_order': " + o + ", 'shape': " + s + ", }";
          case 1 -> "{'" + k + "': " + d + ", 'fortran_order': " + o + ", 'shape': " + s + "}";
          case 2 -> "{'descr': " + d + ", 'fortran_order': " + o + "}";
          case 3 -> "{'descr': " + d + ", 'fortran_order': " + o + ", 'shape': " + s + ", '" + k + "': 1}";
          default -> "[" + d + ", " + o + ", " + s + "]";
        });
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(40);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, dict.map(s -> s + "          \n")),
        net.jqwik.api.Tuple.of(1, noise));
  }

  @Provide
  Arbitrary<Map<String, NpyArray>> archives() {
    return Arbitraries.maps(Arbitraries.of("loss", "a/b", "w", "x y", "é"), arrays()).ofMinSize(1).ofMaxSize(3)
        .map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<NpyArray> arrays() {
    Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 4).list().ofMaxSize(3)
        .map(l -> l.stream().mapToLong(Long::longValue).toArray());
    return Combinators.combine(Arbitraries.of(NpyDtype.class), shapes, Arbitraries.longs())
        .as(NpyNpzProperties::array);
  }

  /** An array of the dtype and shape with elements from a seeded generator (NaN and infinities included). */
  private static NpyArray array(NpyDtype dtype, long[] shape, long seed) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    java.util.Random random = new java.util.Random(seed);
    return switch (dtype) {
      case FLOAT32 -> {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
          a[i] = Float.intBitsToFloat(random.nextInt());
        }
        yield NpyArray.float32(a, shape);
      }
      case FLOAT64 -> {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = Double.longBitsToDouble(random.nextLong());
        }
        yield NpyArray.float64(a, shape);
      }
      case INT32 -> NpyArray.int32(random.ints(n).toArray(), shape);
      case INT64 -> NpyArray.int64(random.longs(n).toArray(), shape);
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = random.nextBoolean();
        }
        yield NpyArray.bool(a, shape);
      }
    };
  }
}
