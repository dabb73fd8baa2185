package org.l2o.experiment.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.l2o.core.json.ConfigException;
import org.l2o.experiment.ExperimentBuilder;

/**
 * Properties of command-line overrides: any token parses or is refused with a ConfigException; an override of a
 * real or nearly real path with any value applies or is refused with a ConfigException naming the override,
 * leaving the config unchanged; and whatever the overrides made of the config, the typed experiment reads it or
 * refuses it with the project's exceptions, never a NullPointerException, ClassCastException or the like.
 */
class OverridesProperties {
  static final Duration LIMIT = Duration.ofSeconds(10);
  private static final List<String> STRATEGIES = Configs.STRATEGIES;
  private static final List<String> POLICIES = List.of("rnnprop", "less_choice", "adam", "scale_hierarchical");

  @Property(tries = 200, seed = "1541")
  void anyTokenParsesOrIsAConfigException(@ForAll("tokens") String token) {
    try {
      ConfigOverride o = assertTimeoutPreemptively(LIMIT, () -> Overrides.parseArg(token));
      assertThat(o.path()).isNotEmpty().doesNotContain("", ConfigOverride.APPEND);
      assertThat("--" + o.pathString()).isEqualTo(token.contains("=") ? token.substring(0, token.indexOf('=')) : token);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).contains(token);
    }
  }

  @Property(tries = 200, seed = "1542")
  void overridesApplyOrAreRefusedLeavingTheConfigUnchanged(
      @ForAll("configs") ObjectNode config, @ForAll("overrideTokens") List<String> tokens) {
    for (String token : tokens) {
      ObjectNode before = config.deepCopy();
      try {
        assertTimeoutPreemptively(LIMIT, () -> Overrides.apply(config, Overrides.parseArg(token)));
      } catch (ConfigException e) {
        String path = token.substring(2, token.contains("=") ? token.indexOf('=') : token.length());
        assertThat(e.getMessage()).contains(path);
        assertThat(config).isEqualTo(before);
      }
    }
    try {
      assertTimeoutPreemptively(LIMIT, () -> ExperimentBuilder.check(config));
    } catch (ConfigException | IllegalArgumentException e) {
      assertThat(e.getMessage()).as("names a key of the config").containsAnyOf(Configs.TOP_LEVEL_KEYS.toArray(String[]::new));
    }
  }

  @Provide
  Arbitrary<ObjectNode> configs() {
    return Combinators.combine(Arbitraries.of(STRATEGIES), Arbitraries.of(POLICIES)).as(Configs::defaults);
  }

  /** Tokens near the override syntax: dashes, slashes, stars, equals signs and literal characters. */
  @Provide
  Arbitrary<String> tokens() {
    Arbitrary<String> raw = Arbitraries.strings().withChars("-/*=ab_0 'x[").ofMaxLength(16);
    return Arbitraries.oneOf(raw, raw.map(s -> "--" + s), Arbitraries.strings().ofMaxLength(10).map(s -> "--" + s));
  }

  /** One to three overrides of paths of the default configs, some bent, with assorted values. */
  @Provide
  Arbitrary<List<String>> overrideTokens() {
    List<List<String>> paths = new ArrayList<>();
    for (String s : STRATEGIES) {
      for (String p : POLICIES) {
        collect(Configs.defaults(s, p), new ArrayList<>(), paths);
      }
    }
    Arbitrary<String> path = Combinators.combine(Arbitraries.of(paths), Arbitraries.integers().between(0, 9),
            Arbitraries.of("x", "*", "0", "-1", "7", " 1", "class_name", "config", "values", "99999999999"))
        .as((p, bend, extra) -> {
          List<String> keys = new ArrayList<>(p);
          switch (bend) {
            case 0 -> keys.set(keys.size() - 1, extra);
            case 1 -> keys.add(extra);
            case 2 -> keys.add(0, extra);
            default -> { } // the path as it is
          }
          return String.join("/", keys);
        });
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("3", "-1", "0", "0.5", "1e-3", "1e400", "True", "None", "'reduce_mean'", "'x'", "[]", "[1, 2]",
            "[0.1, 'a']", "{}", "{'type': 'list', 'values': [1, 2]}", "{'type': 'list', 'values': []}",
            "{'type': 'constant', 'value': 2}", "{'class_name': 'SGD', 'config': {'learning_rate': 0.1}}",
            "{'class_name': 'Nope', 'config': {}}", "{'type': 'exponential'}", "99999999999999999999", "-0.0",
            "(1,)", "'mean'", "'sum'", "'final'", "[16, 16]", "[-1]", "[0]"),
        Arbitraries.strings().ofMaxLength(6));
    return Combinators.combine(path, value, Arbitraries.integers().between(0, 5))
        .as((p, v, bare) -> bare == 0 ? "--" + p : "--" + p + "=" + v)
        .list().ofMinSize(1).ofMaxSize(3);
  }

  private static void collect(JsonNode node, List<String> prefix, List<List<String>> out) {
    if (!prefix.isEmpty()) {
      out.add(List.copyOf(prefix));
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        prefix.add(e.getKey());
        collect(e.getValue(), prefix, out);
        prefix.remove(prefix.size() - 1);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        prefix.add(Integer.toString(i));
        collect(node.get(i), prefix, out);
        prefix.remove(prefix.size() - 1);
      }
    }
  }
}
