package org.l2o.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of {@link SummaryCsv}: tables round-trip exactly, and a damaged file (cells replaced, added or
 * dropped, lines cut, arbitrary bytes changed) is read as some table or refused with a FileFormatException
 * naming the file and the line, never another exception.
 */
class SummaryCsvProperties {
  private static final List<String> COLUMNS =
      List.of("period", "repeat", "loss", "validation_loss", "duration", "a.b", "x y");

  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = ScratchFolder.create("l2o-summary-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    ScratchFolder.delete(dir);
  }

  @Property(tries = 200, seed = "1521")
  void tablesRoundTrip(@ForAll("tables") SummaryTable table) throws Exception {
    Path file = dir.resolve(SummaryCsv.FILE_NAME);
    SummaryCsv.write(file, table);
    assertThat(Bounded.within(() -> SummaryCsv.read(file))).isEqualTo(table);
  }

  @Property(tries = 200, seed = "1522")
  void damagedBytesAreRefusedWithFileAndLine(
      @ForAll("tables") SummaryTable table, @ForAll("damage") List<ByteMutations.Mutation> damage) throws Exception {
    byte[] bytes = SummaryCsv.format(table).getBytes(StandardCharsets.UTF_8);
    readOrRefuse(ByteMutations.apply(bytes, damage));
  }

  @Property(tries = 200, seed = "1523")
  void damagedCellsAreRefusedWithFileAndLine(
      @ForAll("tables") SummaryTable table, @ForAll("cellEdits") List<CellEdit> edits) throws Exception {
    List<List<String>> lines = new ArrayList<>();
    for (String line : SummaryCsv.format(table).split("\n")) {
      lines.add(new ArrayList<>(List.of(line.split(",", -1))));
    }
    for (CellEdit e : edits) {
      e.applyTo(lines);
    }
    StringBuilder text = new StringBuilder();
    lines.forEach(cells -> text.append(String.join(",", cells)).append('\n'));
    readOrRefuse(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void readOrRefuse(byte[] bytes) throws Exception {
    Path file = dir.resolve(SummaryCsv.FILE_NAME);
    Files.write(file, bytes);
    try {
      assertThat(Bounded.within(() -> SummaryCsv.read(file))).isNotNull();
    } catch (FileFormatException e) {
      assertThat(e.getMessage()).matches(Pattern.quote(file.toString()) + ":[1-9][0-9]*: (?s).+");
    }
  }

  /** Replace a cell with arbitrary text, drop or add a cell, or drop a whole line. */
  record CellEdit(int kind, int line, int cell, String text) {
    void applyTo(List<List<String>> lines) {
      if (lines.isEmpty()) {
        return;
      }
      List<String> cells = lines.get(line % lines.size());
      int i = cell % cells.size();
      switch (kind) {
        case 0 -> cells.set(i, text);
        case 1 -> {
          if (cells.size() > 1) {
            cells.remove(i);
          }
        }
        case 2 -> cells.add(i, text);
        default -> lines.remove(line % lines.size());
      }
    }
  }

  @Provide
  Arbitrary<List<CellEdit>> cellEdits() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(6),
        Arbitraries.of("", "nan", "-inf", "Infinity", "1e999", "1d", "0x10", "1_0", "+.5", "1e", "--1", "3.0", " 2 ",
            "\r", "\"a\"", "NaN", "1,5", "period"));
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers().greaterOrEqual(0), text)
        .as(CellEdit::new).list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<ByteMutations.Mutation>> damage() {
    return ByteMutations.sequences();
  }

  @Provide
  Arbitrary<SummaryTable> tables() {
    Arbitrary<List<String>> columns = Arbitraries.subsetOf(COLUMNS).ofMinSize(1).map(ArrayList::new);
    Arbitrary<Double> cell = Arbitraries.oneOf(
        Arbitraries.doubles(), Arbitraries.integers().map(Integer::doubleValue),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e-5, 1e16, 1e15));
    Arbitrary<Double> maybe = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, cell), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    return columns.flatMap(cols -> maybe.list().ofSize(cols.size()).list().ofMaxSize(4).map(rows -> {
      SummaryTable table = new SummaryTable(cols);
      for (List<Double> row : rows) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
          values.put(cols.get(i), row.get(i));
        }
        table.addRow(values);
      }
      return table;
    }));
  }
}
