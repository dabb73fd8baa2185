package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCsvTest {
  private static final List<String> COLUMNS = List.of("validation", "time", "duration", "stage", "period",
      "repeat", "warmup", "warmup_rate", "p_teacher", "depth", "unroll_len", "epochs", "meta_loss", "imitation_loss");

  @TempDir Path dir;

  private static Map<String, Double> row(double... values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(COLUMNS.get(i), values[i]);
    }
    return m;
  }

  @Test
  void roundTripsNumbersNanInfinitiesAndMissingCells() throws IOException {
    SummaryTable table = new SummaryTable(COLUMNS);
    table.addRow(row(-1.2345678901234567, 1.7e9 + 0.123456, 12.5, 0, 0, 0, 1, 0.05, 0.7, 1, 100, 10,
        -0.3, 1e-5));
    table.addRow(row(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, 2, 3, 0, 1e-300,
        -0.0, 2, 100, 10, 1e22, Double.MIN_VALUE));
    Map<String, Double> partial = new LinkedHashMap<>();
    partial.put("validation", 0.25);
    partial.put("meta_loss", null);
    table.addRow(partial);

    Path file = dir.resolve("exp/summary.csv");
    SummaryCsv.write(file, table);
    SummaryTable back = SummaryCsv.read(file);

    assertThat(back).isEqualTo(table);
    assertThat(back.columns()).containsExactlyElementsOf(COLUMNS);
    assertThat(back.row(1).get("validation")).isNaN();
    assertThat(back.row(2).has("meta_loss")).isFalse();
    assertThat(back.row(2).find("time")).isEmpty();
    assertThat(back.column("validation")).containsExactly(-1.2345678901234567, Double.NaN, 0.25);
  }

  @Test
  void writesHeaderInGivenOrderAndCompactNumbers() {
    SummaryTable table = new SummaryTable(List.of("validation", "period", "repeat", "rate"));
    table.addRow(Map.of("validation", 0.5, "period", 3, "repeat", 0, "rate", 1e-5));
    table.addRow(Map.of("validation", Double.NaN, "period", 4.0, "rate", Double.NEGATIVE_INFINITY));
    assertThat(SummaryCsv.format(table)).isEqualTo(
        "validation,period,repeat,rate\n"
            + "0.5,3,0,1.0E-5\n"
            + "nan,4,,-inf\n");
  }

  @Test
  void readsWhatPandasWrites() throws IOException {
    Path file = dir.resolve("summary.csv");
    Files.writeString(file, "validation,period,repeat,rate\r\n-2.5,3.0,0.0,1e-05\r\nNaN,4.0,,inf\r\n");
    SummaryTable table = SummaryCsv.read(file);
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.row(0).getInt("period")).isEqualTo(3);
    assertThat(table.row(0).get("rate")).isEqualTo(1e-5);
    assertThat(table.row(1).get("validation")).isNaN();
    assertThat(table.row(1).has("repeat")).isFalse();
    assertThat(table.row(1).get("rate")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> table.row(1).get("repeat")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("'repeat'");
    assertThatThrownBy(() -> table.row(0).getInt("validation")).hasMessageContaining("not an integer");
  }

  @Test
  void headerOnlyFileIsAnEmptyTable() throws IOException {
    SummaryTable empty = new SummaryTable(COLUMNS);
    Path file = dir.resolve("summary.csv");
    SummaryCsv.write(file, empty);
    assertThat(SummaryCsv.read(file)).isEqualTo(empty);
    assertThat(SummaryCsv.read(file).size()).isZero();
  }

  private Path file(String content) throws IOException {
    Path file = dir.resolve("broken.csv");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void rowWithWrongCellCountIsReportedWithPathAndLine() throws IOException {
    Path f = file("validation,period,repeat\n1,0,0\n2,1\n");
    assertThatThrownBy(() -> SummaryCsv.read(f)).isInstanceOf(FileFormatException.class)
        .hasMessage(f + ":3: 2 cells, expected 3 (validation,period,repeat)");
  }

  @Test
  void nonNumericCellIsReportedWithPathLineAndColumn() throws IOException {
    Path f = file("validation,period\n1,0\n2,1\n0.5,x1\n");
    assertThatThrownBy(() -> SummaryCsv.read(f)).isInstanceOf(FileFormatException.class)
        .hasMessage(f + ":4: column 'period' holds 'x1', expected a number");
    Path javaOnly = file("validation\n1.5d\n");
    assertThatThrownBy(() -> SummaryCsv.read(javaOnly)).hasMessageContaining(":2: column 'validation' holds '1.5d'");
  }

  @Test
  void truncatedEmptyAndBadHeaderFilesAreReported() throws IOException {
    Path cut = file("validation,period\n1,0\n0.12");
    assertThatThrownBy(() -> SummaryCsv.read(cut)).isInstanceOf(FileFormatException.class)
        .hasMessage(cut + ":3: the file does not end with a newline (truncated?)");
    Path empty = file("");
    assertThatThrownBy(() -> SummaryCsv.read(empty)).hasMessage(empty + ":1: empty file, expected a header line");
    Path duplicate = file("validation,validation\n");
    assertThatThrownBy(() -> SummaryCsv.read(duplicate))
        .hasMessageContaining(":1: bad header: duplicate column name 'validation'");
  }

  @Test
  void malformedUtf8IsReportedWithItsLine() throws IOException {
    Path f = dir.resolve("latin1.csv");
    Files.write(f, new byte[] {'a', '\n', '1', '\n', (byte) 0xe9, '\n'});
    assertThatThrownBy(() -> SummaryCsv.read(f)).isInstanceOf(FileFormatException.class)
        .hasMessage(f + ":3: not UTF-8 text (malformed byte at offset 4)");
  }

  @Test
  void tableRejectsUnknownColumnsAndBadNames() {
    SummaryTable table = new SummaryTable(List.of("a", "b"));
    assertThatThrownBy(() -> table.addRow(Map.of("c", 1))).hasMessageContaining("unknown column 'c'");
    assertThatThrownBy(() -> new SummaryTable(List.of("a,b"))).hasMessageContaining("invalid column name");
    assertThatThrownBy(() -> table.column("zz")).hasMessageContaining("unknown column 'zz'");
  }

  @Test
  void numberFormattingRoundTripsExactly() {
    double[] values = {0.1, 1.0 / 3, -2.0 / 3e7, 123456789.125, 9.999999999999999e15, 1e16, 5e-324,
        Math.PI * 1e-5, 1e15 + 0.5, -7};
    for (double v : values) {
      String s = SummaryCsv.formatNumber(v);
      assertThat(SummaryCsv.parseNumber(s)).as(s).isEqualTo(v);
    }
    assertThat(SummaryCsv.formatNumber(123456789.125)).isEqualTo("123456789.125");
    assertThat(SummaryCsv.formatNumber(0.0001)).isEqualTo("0.0001");
  }
}
