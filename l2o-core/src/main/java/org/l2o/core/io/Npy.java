package org.l2o.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.l2o.core.json.PythonLiteral;

/**
 * Reads and writes single arrays in the NumPy {@code .npy} format (versions 1.0 to 3.0 are read,
 * 1.0 is written unless the header needs 2.0). The writer reproduces NumPy's own bytes: the header
 * dict in sorted key order, NumPy's spare "growth" spaces, then space padding and a final newline so
 * that the data starts at a multiple of 64 bytes.
 *
 * <p>See {@link Npz} for why this is hand-written.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  /** NumPy leaves room for the first axis to grow to this many digits (numpy.lib.format). */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private Npy() {}

  /**
   * Serialises {@code array} to the bytes of a {@code .npy} file.
   *
   * @param array the array
   * @return the file's bytes: magic, version 1.0 header and the data in C order
   */
  public static byte[] toBytes(NpyArray array) {
    Objects.requireNonNull(array, "array");
    byte[] header = header(array);
    int itemSize = array.dtype().itemSize();
    long dataBytes = (long) array.size() * itemSize;
    if (header.length + dataBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(array + " is too large for one .npy entry");
    }
    ByteBuffer out = ByteBuffer.allocate(header.length + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.put(header);
    Object data = array.rawData();
    switch (array.dtype()) {
      case FLOAT32 -> out.asFloatBuffer().put((float[]) data);
      case FLOAT64 -> out.asDoubleBuffer().put((double[]) data);
      case INT32 -> out.asIntBuffer().put((int[]) data);
      case INT64 -> out.asLongBuffer().put((long[]) data);
      case BOOL -> {
        for (boolean b : (boolean[]) data) {
          out.put((byte) (b ? 1 : 0));
        }
      }
    }
    return out.array();
  }

  /**
   * Writes {@code array} to a {@code .npy} file atomically.
   *
   * @param path the file to write
   * @param array the array
   * @throws java.io.IOException if the file cannot be written
   */
  public static void write(Path path, NpyArray array) throws IOException {
    AtomicFiles.write(path, toBytes(array));
  }

  /**
   * Reads a {@code .npy} file.
   *
   * @param path the file to read
   * @return the array
   * @throws FileFormatException when the file is not a complete, supported {@code .npy} array (naming it)
   * @throws java.io.IOException if the file cannot be read
   */
  public static NpyArray read(Path path) throws IOException {
    return fromBytes(Files.readAllBytes(path), path.toString());
  }

  /**
   * Parses the bytes of a {@code .npy} file.
   *
   * @param bytes the file's bytes
   * @param source names the bytes in error messages, e.g. {@code "run.npz, entry 'loss.npy'"}
   * @return the array
   * @throws FileFormatException when the bytes are not a complete, supported {@code .npy} array
   */
  public static NpyArray fromBytes(byte[] bytes, String source) throws FileFormatException {
    if (bytes.length < MAGIC.length + 4) {
      throw new FileFormatException(source + ": only " + bytes.length + " bytes, too short for a .npy header");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new FileFormatException(source + ": not a .npy array (bad magic string)");
      }
    }
    int major = bytes[6] & 0xff;
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerStart;
    long headerLength;
    Charset charset;
    switch (major) {
      case 1 -> {
        headerLength = in.getShort(8) & 0xffff;
        headerStart = 10;
        charset = StandardCharsets.ISO_8859_1;
      }
      case 2, 3 -> {
        if (bytes.length < 12) {
          throw new FileFormatException(source + ": truncated .npy header");
        }
        headerLength = in.getInt(8) & 0xffffffffL;
        headerStart = 12;
        charset = major == 2 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
      }
      default -> throw new FileFormatException(
          source + ": unsupported .npy format version " + major + "." + (bytes[7] & 0xff));
    }
    if (headerStart + headerLength > bytes.length) {
      throw new FileFormatException(source + ": truncated: the header claims " + headerLength
          + " bytes but only " + (bytes.length - headerStart) + " follow");
    }
    String header = new String(bytes, headerStart, (int) headerLength, charset);
    Header parsed = Header.parse(header, source);
    int dataStart = headerStart + (int) headerLength;

    long count = elementCount(parsed.shape, source);
    if (count > Long.MAX_VALUE / parsed.dtype.itemSize()) {
      throw tooLarge(source, parsed.shape);
    }
    long expected = count * parsed.dtype.itemSize();
    long actual = bytes.length - dataStart;
    if (actual < expected) {
      throw new FileFormatException(source + ": truncated: data has " + actual + " bytes, expected "
          + expected + " for shape " + NpyArray.shapeString(parsed.shape) + " and dtype " + parsed.descr);
    }
    if (actual > expected) {
      throw new FileFormatException(source + ": " + (actual - expected) + " unexpected bytes after the data of shape "
          + NpyArray.shapeString(parsed.shape) + " and dtype " + parsed.descr);
    }
    int n = (int) count;
    ByteBuffer body = ByteBuffer.wrap(bytes, dataStart, (int) expected).slice().order(parsed.order);
    Object data = switch (parsed.dtype) {
      case FLOAT32 -> {
        float[] a = new float[n];
        body.asFloatBuffer().get(a);
        yield a;
      }
      case FLOAT64 -> {
        double[] a = new double[n];
        body.asDoubleBuffer().get(a);
        yield a;
      }
      case INT32 -> {
        int[] a = new int[n];
        body.asIntBuffer().get(a);
        yield a;
      }
      case INT64 -> {
        long[] a = new long[n];
        body.asLongBuffer().get(a);
        yield a;
      }
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = body.get(i) != 0;
        }
        yield a;
      }
    };
    if (parsed.fortranOrder && parsed.shape.length > 1) {
      data = fortranToC(data, parsed.shape, n);
    }
    return NpyArray.wrap(parsed.dtype, parsed.shape, data, n);
  }

  /** The number of elements of {@code shape}; a size beyond {@code long} (a corrupted header) is refused. */
  private static long elementCount(long[] shape, String source) throws FileFormatException {
    boolean empty = false;
    for (long d : shape) {
      if (d < 0) {
        throw new FileFormatException(source + ": negative dimension in shape " + NpyArray.shapeString(shape));
      }
      empty |= d == 0;
    }
    if (empty) {
      return 0; // an empty array, whatever the other dimensions say
    }
    long count = 1;
    for (long d : shape) {
      if (count > Long.MAX_VALUE / d) {
        throw tooLarge(source, shape);
      }
      count *= d;
    }
    return count;
  }

  private static FileFormatException tooLarge(String source, long[] shape) {
    return new FileFormatException(source + ": the header declares shape " + NpyArray.shapeString(shape)
        + ", more data than any file holds (corrupted header?)");
  }

  /** The magic, version, length and padded header dict, exactly as numpy.lib.format writes them. */
  private static byte[] header(NpyArray array) {
    long[] shape = array.shape();
    StringBuilder dict = new StringBuilder()
        .append("{'descr': '").append(array.dtype().descr())
        .append("', 'fortran_order': False, 'shape': ").append(NpyArray.shapeString(shape)).append(", }");
    if (shape.length > 0) {
      dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
    int prefixV1 = MAGIC.length + 2 + 2;
    int hlen = text.length + 1; // the final newline
    int pad = ALIGN - (prefixV1 + hlen) % ALIGN;
    boolean v2 = hlen + pad > 0xffff;
    int prefix = v2 ? MAGIC.length + 2 + 4 : prefixV1;
    if (v2) {
      pad = ALIGN - (prefix + hlen) % ALIGN;
    }
    ByteBuffer out = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
    if (v2) {
      out.putInt(hlen + pad);
    } else {
      out.putShort((short) (hlen + pad));
    }
    out.put(text);
    for (int i = 0; i < pad; i++) {
      out.put((byte) ' ');
    }
    out.put((byte) '\n');
    return out.array();
  }

  private static Object fortranToC(Object data, long[] shape, int n) {
    Object out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), n);
    int rank = shape.length;
    int[] index = new int[rank];
    long[] fortranStride = new long[rank];
    long stride = 1;
    for (int d = 0; d < rank; d++) {
      fortranStride[d] = stride;
      stride *= shape[d];
    }
    for (int c = 0; c < n; c++) {
      long f = 0;
      for (int d = 0; d < rank; d++) {
        f += index[d] * fortranStride[d];
      }
      System.arraycopy(data, (int) f, out, c, 1);
      for (int d = rank - 1; d >= 0; d--) { // advance the C-order multi-index
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return out;
  }

  /** The three header fields, parsed from the Python dict literal NumPy writes. */
  private static final class Header {
    String descr;
    NpyDtype dtype;
    ByteOrder order;
    boolean fortranOrder;
    long[] shape;

    static Header parse(String text, String source) throws FileFormatException {
      JsonNode dict = PythonLiteral.literal(text.strip()).orElse(null);
      if (dict == null || !dict.isObject()) {
        throw new FileFormatException(source + ": bad .npy header: not a Python dict literal: " + text.strip());
      }
      Set<String> keys = new LinkedHashSet<>();
      dict.fieldNames().forEachRemaining(keys::add);
      if (!keys.equals(Set.of("descr", "fortran_order", "shape"))) {
        throw new FileFormatException(source + ": header keys " + keys
            + " are not exactly descr, fortran_order, shape");
      }
      Header h = new Header();
      if (!dict.get("descr").isTextual()) {
        throw new FileFormatException(source + ": header 'descr' is not a string: " + text.strip());
      }
      String descr = dict.get("descr").textValue();
      h.descr = descr;
      h.order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      String type = descr.length() == 3 && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
      h.dtype = switch (type) {
        case "f4" -> NpyDtype.FLOAT32;
        case "f8" -> NpyDtype.FLOAT64;
        case "i4" -> NpyDtype.INT32;
        case "i8" -> NpyDtype.INT64;
        case "b1" -> NpyDtype.BOOL;
        default -> throw new FileFormatException(source + ": unsupported dtype '" + descr
            + "' (supported: <f4, <f8, <i4, <i8, |b1 and their big-endian forms)");
      };
      if (descr.startsWith("=") && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
        h.order = ByteOrder.BIG_ENDIAN;
      }
      if (!dict.get("fortran_order").isBoolean()) {
        throw new FileFormatException(source + ": header 'fortran_order' is not True or False: " + text.strip());
      }
      h.fortranOrder = dict.get("fortran_order").booleanValue();
      h.shape = shape(dict.get("shape"), source, text);
      return h;
    }

    /** A tuple of non-negative integers; {@code (3)} would be the integer 3 in Python, not a shape. */
    private static long[] shape(JsonNode node, String source, String text) throws FileFormatException {
      if (!node.isArray()) {
        throw new FileFormatException(source + ": header 'shape' is not a tuple of integers: " + text.strip());
      }
      long[] shape = new long[node.size()];
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = node.get(i);
        if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
          throw new FileFormatException(source + ": header 'shape' entry " + i + " is not a non-negative integer"
              + " (or is too large): " + text.strip());
        }
        shape[i] = d.longValue();
      }
      return shape;
    }
  }
}
