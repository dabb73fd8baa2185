package org.l2o.core.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes an experiment's {@code summary.csv} (spec §6.1) as a {@link SummaryTable}.
 *
 * <p>Format: UTF-8, a header line with the column names in table order, one line per row, every
 * line ending with {@code \n}. Cells are numbers: integral values without decimals ({@code 3}),
 * others with the shortest round-trip decimal digits ({@code 0.25}, {@code 1.0E-5}), NaN and
 * infinities as Python prints them ({@code nan}, {@code inf}, {@code -inf}); a missing value is
 * an empty cell. pandas and Python read these files, and the reader also accepts what pandas
 * writes ({@code 3.0}, {@code 1e-05}, {@code NaN}).
 *
 * <p>The reader is strict, because the file drives resuming: a row with the wrong number of cells,
 * a cell that is not a number, or a file that does not end with a newline (cut off while written
 * by another tool) is reported with the file and line number. Writing is atomic.
 */
public final class SummaryCsv {
  /** The file name inside an experiment directory. */
  public static final String FILE_NAME = "summary.csv";

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private SummaryCsv() {}

  /**
   * Writes {@code table} atomically to {@code path}.
   *
   * @param path the file to write
   * @param table the table
   * @throws java.io.IOException if the file cannot be written
   */
  public static void write(Path path, SummaryTable table) throws IOException {
    AtomicFiles.writeString(path, format(table));
  }

  /**
   * Reads a table written by {@link #write} (or by pandas with numeric columns).
   *
   * @param path the file to read
   * @return the table
   * @throws FileFormatException naming the file and the line of the first problem
   * @throws java.io.IOException if the file cannot be read
   */
  public static SummaryTable read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    return parse(utf8(bytes, path.toString()), path.toString());
  }

  /** Decodes strict UTF-8; a malformed byte is reported with its line (a newline byte is never inside a character). */
  private static String utf8(byte[] bytes, String source) throws FileFormatException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int i = 0; i < offset; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new FileFormatException(source + ":" + line + ": not UTF-8 text (malformed byte at offset " + offset + ")");
    }
    return out.flip().toString();
  }

  /**
   * The CSV text of {@code table}.
   *
   * @param table the table
   * @return a header line of the column names, then one line per row, each ending in a newline
   */
  public static String format(SummaryTable table) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", table.columns())).append('\n');
    List<String> columns = table.columns();
    for (SummaryRow row : table.rows()) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Double v = row.cell(i);
        if (v != null) {
          out.append(formatNumber(v));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Parses CSV text.
   *
   * @param text the CSV text
   * @param source names the text in error messages (usually the file path)
   * @return the table
   * @throws FileFormatException naming {@code source} and the 1-based line of the first problem
   */
  public static SummaryTable parse(String text, String source) throws FileFormatException {
    if (text.isEmpty()) {
      throw new FileFormatException(source + ":1: empty file, expected a header line");
    }
    if (!text.endsWith("\n")) {
      long line = text.chars().filter(c -> c == '\n').count() + 1;
      throw new FileFormatException(source + ":" + line
          + ": the file does not end with a newline (truncated?)");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    SummaryTable table;
    try {
      table = new SummaryTable(Arrays.asList(cells(lines[0])));
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(source + ":1: bad header: " + e.getMessage(), e);
    }
    List<String> columns = table.columns();
    for (int l = 1; l < lines.length; l++) {
      int lineNumber = l + 1;
      String[] cells = cells(lines[l]);
      if (cells.length != columns.size()) {
        throw new FileFormatException(source + ":" + lineNumber + ": " + cells.length
            + " cells, expected " + columns.size() + " (" + String.join(",", columns) + ")");
      }
      Map<String, Double> values = new HashMap<>();
      for (int i = 0; i < cells.length; i++) {
        if (!cells[i].isEmpty()) {
          try {
            values.put(columns.get(i), parseNumber(cells[i]));
          } catch (NumberFormatException e) {
            throw new FileFormatException(source + ":" + lineNumber + ": column '" + columns.get(i)
                + "' holds '" + cells[i] + "', expected a number", e);
          }
        }
      }
      table.addRow(values);
    }
    return table;
  }

  /**
   * Formats one number: integral values below 1e15 without decimals, NaN/infinity as {@code nan},
   * {@code inf}, {@code -inf}, others with Java's round-trip digits (plain notation between 1e-4
   * and 1e16, as Python does).
   *
   * @param v the number
   * @return the cell text
   */
  public static String formatNumber(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
      return "-0.0";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return Long.toString((long) v);
    }
    if (a >= 1e-4 && a < 1e16) {
      return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
    return Double.toString(v);
  }

  /**
   * Parses one number: decimal or scientific notation, or nan / inf / infinity in any case with an
   * optional sign. Unlike Double.parseDouble, Java-only forms such as {@code 1d} or hex are rejected.
   *
   * @param cell the cell text
   * @return the number
   * @throws NumberFormatException if the cell is not a number in one of these forms
   */
  public static double parseNumber(String cell) {
    String s = cell.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!NUMBER.matcher(s).matches()) {
      throw new NumberFormatException("not a number: '" + cell + "'");
    }
    return Double.parseDouble(s);
  }

  private static String[] cells(String line) {
    String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    return l.split(",", -1);
  }
}
