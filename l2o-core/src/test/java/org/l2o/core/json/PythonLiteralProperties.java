package org.l2o.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.l2o.core.io.Bounded;

/**
 * Properties of {@link PythonLiteral}: every literal it writes back parses to the same value, and any text
 * (arbitrary, or a valid literal with characters inserted, removed or replaced) gives a value or "not a
 * literal", never an exception or a hang.
 */
class PythonLiteralProperties {
  private static final JsonNodeFactory NODES = Json.nodes();
  /** The characters literals are made of, so that arbitrary text often comes close to one. */
  private static final String LITERAL_CHARS = "[](){}'\",:.+-eE0123456789 \t\n\\xuNTFrsalone_";

  @Property(tries = 200, seed = "1511")
  void literalsRoundTrip(@ForAll("values") JsonNode value) throws Exception {
    String text = python(value);
    assertThat(Bounded.within(() -> PythonLiteral.literal(text))).contains(value);
    assertThat(PythonLiteral.parse(text)).isEqualTo(value);
  }

  @Property(tries = 200, seed = "1512")
  void arbitraryTextIsAValueOrNotALiteral(@ForAll("texts") String text) throws Exception {
    Optional<JsonNode> literal = Bounded.within(() -> PythonLiteral.literal(text));
    JsonNode parsed = PythonLiteral.parse(text);
    assertThat(parsed).isEqualTo(literal.orElse(NODES.textNode(text)));
  }

  @Property(tries = 200, seed = "1513")
  void mutatedLiteralsAreAValueOrNotALiteral(
      @ForAll("values") JsonNode value, @ForAll("edits") List<int[]> edits) throws Exception {
    StringBuilder text = new StringBuilder(python(value));
    for (int[] e : edits) {
      int at = text.length() == 0 ? 0 : e[1] % (text.length() + 1);
      char c = LITERAL_CHARS.charAt(e[2] % LITERAL_CHARS.length());
      switch (e[0]) {
        case 0 -> text.insert(at, c);
        case 1 -> text.delete(at, Math.min(text.length(), at + 1 + e[2] % 3));
        default -> {
          if (at < text.length()) {
            text.setCharAt(at, c);
          }
        }
      }
    }
    String mutated = text.toString();
    Optional<JsonNode> literal = Bounded.within(() -> PythonLiteral.literal(mutated));
    assertThat(PythonLiteral.parse(mutated)).isEqualTo(literal.orElse(NODES.textNode(mutated)));
  }

  @Provide
  Arbitrary<List<int[]>> edits() {
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers().greaterOrEqual(0))
        .as((kind, at, c) -> new int[] {kind, at, c})
        .list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars(LITERAL_CHARS).ofMaxLength(30),
        Arbitraries.strings().ofMaxLength(30),
        Arbitraries.strings().withChars("[({").ofMinLength(60).ofMaxLength(400),
        Arbitraries.strings().withChars("+- ").ofMaxLength(200).map(s -> s + "1"));
  }

  /** JSON values that Python literals can express: nested lists and string-keyed dicts of scalars. */
  @Provide
  Arbitrary<JsonNode> values() {
    return Arbitraries.lazyOf(this::scalars, () -> container(2));
  }

  private Arbitrary<JsonNode> container(int depth) {
    Arbitrary<JsonNode> element = depth == 0 ? scalars() : Arbitraries.oneOf(scalars(), container(depth - 1));
    Arbitrary<JsonNode> list = element.list().ofMaxSize(4).map(l -> {
      ArrayNode a = NODES.arrayNode();
      l.forEach(a::add);
      return a;
    });
    Arbitrary<JsonNode> dict = Arbitraries.maps(strings(), element).ofMaxSize(3).map(m -> {
      ObjectNode o = NODES.objectNode();
      m.forEach(o::set);
      return o;
    });
    return Arbitraries.oneOf(list, dict);
  }

  private Arbitrary<JsonNode> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().filter(l -> l != l.intValue()).map(l -> NODES.numberNode(l.longValue())),
        Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(63), java.math.BigInteger.TWO.pow(80))
            .map(NODES::numberNode),
        Arbitraries.doubles().filter(Double::isFinite).map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()),
        strings().map(NODES::textNode));
  }

  private Arbitrary<String> strings() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8),
        Arbitraries.strings().withChars("ab'\"\\\n\t\u00e9\u0000").ofMaxLength(8));
  }

  /** The Python source of a value: repr-like strings with escapes, tuples for some lists. */
  static String python(JsonNode v) {
    if (v.isObject()) {
      StringBuilder out = new StringBuilder("{");
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        out.append(quote(e.getKey())).append(": ").append(python(e.getValue())).append(", ");
      }
      return out.append('}').toString();
    }
    if (v.isArray()) {
      List<String> items = new java.util.ArrayList<>();
      v.forEach(x -> items.add(python(x)));
      boolean tuple = v.size() % 2 == 1; // odd sizes as tuples, with the trailing comma a 1-tuple needs
      return tuple ? "(" + String.join(", ", items) + ",)" : "[" + String.join(", ", items) + "]";
    }
    if (v.isTextual()) {
      return quote(v.textValue());
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "True" : "False";
    }
    if (v.isNull()) {
      return "None";
    }
    if (v.isDouble()) {
      return Double.toString(v.doubleValue());
    }
    return v.bigIntegerValue().toString();
  }

  private static String quote(String s) {
    char q = s.hashCode() % 2 == 0 ? '\'' : '"';
    StringBuilder out = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      if (c == q || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(q).toString();
  }
}
