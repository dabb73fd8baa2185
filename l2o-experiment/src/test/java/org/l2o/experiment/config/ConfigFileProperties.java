package org.l2o.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.l2o.core.io.ScratchFolder;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.experiment.ExperimentBuilder;

/**
 * Properties of the config files: a damaged {@code config.json} (a value replaced, a character inserted or
 * removed, the file cut off) is loaded, compared and checked, or refused with a ConfigException naming the file
 * (or, once parsed, the key); a damaged preset file is loaded or refused naming the file. Never a Jackson,
 * NumberFormat, NullPointer or ClassCast exception.
 */
class ConfigFileProperties {
  /** A JSON scalar or bracket of the pretty-printed config, the units that damage replaces. */
  private static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null|[\\[\\]{}]");

  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = ScratchFolder.create("l2o-config-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    ScratchFolder.delete(dir);
  }

  @Property(tries = 200, seed = "1551")
  void damagedConfigJsonIsReadOrRefusedNamingTheFileOrKey(
      @ForAll("defaults") ObjectNode config, @ForAll("edits") List<Edit> edits) throws Exception {
    String text = Json.pretty(config) + "\n";
    for (Edit e : edits) {
      text = e.applyTo(text);
    }
    Files.writeString(dir.resolve(ExperimentConfig.FILE_NAME), text, StandardCharsets.UTF_8);
    Path file = dir.resolve(ExperimentConfig.FILE_NAME);
    ObjectNode loaded;
    try {
      loaded = assertTimeoutPreemptively(OverridesProperties.LIMIT, () -> ExperimentConfig.load(dir));
    } catch (ConfigException e) {
      assertThat(e.getMessage()).contains(file.toString());
      return;
    }
    assertTimeoutPreemptively(OverridesProperties.LIMIT, () -> ExperimentConfig.compare(loaded, config));
    try {
      assertTimeoutPreemptively(OverridesProperties.LIMIT, () -> ExperimentBuilder.check(loaded));
    } catch (ConfigException | IllegalArgumentException e) {
      assertThat(e.getMessage()).as("names a key of the config")
          .containsAnyOf(Configs.TOP_LEVEL_KEYS.toArray(String[]::new));
    }
  }

  @Property(tries = 100, seed = "1552")
  void damagedPresetsAreLoadedOrRefusedNamingTheFile(
      @ForAll("presetNames") String name, @ForAll("edits") List<Edit> edits) throws Exception {
    String text = Files.readString(TestPaths.presetsDir().resolve(name + ".json"));
    for (Edit e : edits) {
      text = e.applyTo(text);
    }
    Path file = dir.resolve("damaged.json");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    try {
      Preset preset = assertTimeoutPreemptively(OverridesProperties.LIMIT, () -> Presets.load(dir, "damaged"));
      assertThat(preset.overrides()).allSatisfy(o -> assertThat(o.path()).isNotEmpty());
    } catch (ConfigException e) {
      assertThat(e.getMessage()).contains(file.toString());
    }
  }

  /**
   * One damage: {@code kind} 0 replaces the n-th JSON token with {@code text}, 1 inserts {@code text} at a
   * character position, 2 removes a few characters, 3 cuts the file off.
   */
  record Edit(int kind, int position, String text) {
    String applyTo(String s) {
      if (s.isEmpty()) {
        return text;
      }
      int at = position % s.length();
      return switch (kind) {
        case 0 -> {
          Matcher m = TOKEN.matcher(s);
          List<int[]> spans = m.results().map(r -> new int[] {r.start(), r.end()}).toList();
          int[] span = spans.isEmpty() ? new int[] {at, at} : spans.get(position % spans.size());
          yield s.substring(0, span[0]) + text + s.substring(span[1]);
        }
        case 1 -> s.substring(0, at) + text + s.substring(at);
        case 2 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + text.length()));
        default -> s.substring(0, at);
      };
    }
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.of("1e400", "-1e400", "1e-400", "99999999999999999999", "-1", "0", "2.5", "true", "null", "\"\"",
            "\"x\"", "[]", "{}", "[1, \"a\"]", "{\"a\": 1}", "\"reduce_mean\"", "\"*\"", ",", ":", "\"\\u0000\"",
            "NaN", "Infinity", "\"__load__\"", "{\"type\": \"list\", \"values\": []}", "[[[[[[]]]]]]"),
        Arbitraries.strings().ofMaxLength(4));
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().greaterOrEqual(0), text)
        .as(Edit::new)
        .list().ofMinSize(1).ofMaxSize(3)
        .map(l -> l.stream().filter(e -> e.kind() != 3 || l.size() == 1).toList()); // a cut-off file stays short
  }

  @Provide
  Arbitrary<ObjectNode> defaults() {
    return Combinators.combine(Arbitraries.of(Configs.STRATEGIES), Arbitraries.of("rnnprop", "less_choice", "adam"))
        .as(Configs::defaults);
  }

  @Provide
  Arbitrary<String> presetNames() {
    return Arbitraries.of(Presets.names(TestPaths.presetsDir()));
  }
}
