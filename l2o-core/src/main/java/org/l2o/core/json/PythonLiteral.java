package org.l2o.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Parses command-line override values written as Python literals into JSON, without evaluating anything.
 *
 * <p>The original {@code eval}s override values; this parser accepts only literals (spec §10.1, §17):
 *
 * <ul>
 *   <li>integers ({@code 3}, {@code -2}) become JSON integers; floats ({@code 0.5}, {@code .5}, {@code 1.},
 *       {@code -2.0}, {@code 1e-3}, {@code 2E5}) become JSON floats, so ints stay ints and floats stay
 *       floats (a float schedule rejects ints);
 *   <li>single- or double-quoted strings with the usual escapes (backslash, quotes, n, t, r, b, f, octal,
 *       xhh, uhhhh; an unknown escape keeps its backslash, as Python does);
 *   <li>{@code True}, {@code False}, {@code None};
 *   <li>lists {@code [..]} and tuples {@code (..)} (both become JSON arrays; {@code (x)} is just x),
 *       dicts {@code {..}} with string keys; trailing commas are allowed.
 * </ul>
 *
 * <p>Anything else (names such as {@code sum}, arithmetic such as {@code a+b}, {@code inf}, sets, hex,
 * underscores in numbers, dicts with non-string keys, an empty value) is returned unchanged as a JSON
 * string, like the original does when {@code eval} fails. Unary {@code +}/{@code -} are accepted on numbers.
 */
public final class PythonLiteral {
  private static final int MAX_DEPTH = 64;

  private final String text;
  private final JsonNodeFactory nodes = Json.nodes();
  private int pos;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /**
   * Parses a value; never throws on malformed input.
   *
   * @param text the raw text after the first '=' of a {@code --path=value} token
   * @return the literal as a JSON node, or the unchanged text as a JSON string if it is not a literal
   */
  public static JsonNode parse(String text) {
    if (text == null) {
      return Json.nodes().nullNode();
    }
    return literal(text).orElseGet(() -> Json.nodes().textNode(text));
  }

  /**
   * Parses text that must be one literal (e.g. the dict in a {@code .npy} header).
   *
   * @param text the text
   * @return the literal as a JSON node, or empty if the whole text is not one supported literal
   */
  public static Optional<JsonNode> literal(String text) {
    PythonLiteral parser = new PythonLiteral(text);
    try {
      JsonNode value = parser.value(0);
      parser.skipSpace();
      return parser.pos == text.length() ? Optional.of(value) : Optional.empty();
    } catch (NotALiteral e) {
      return Optional.empty();
    }
  }

  /** Signals that the input is not a supported literal; carries no stack trace (control flow only). */
  private static final class NotALiteral extends Exception {
    private static final long serialVersionUID = 1L;

    NotALiteral() {
      super(null, null, false, false);
    }
  }

  private JsonNode value(int depth) throws NotALiteral {
    if (depth > MAX_DEPTH) {
      throw new NotALiteral();
    }
    skipSpace();
    if (pos >= text.length()) {
      throw new NotALiteral();
    }
    char c = text.charAt(pos);
    switch (c) {
      case '[':
        pos++;
        return sequence(']', depth);
      case '(':
        pos++;
        return parenthesised(depth);
      case '{':
        pos++;
        return dict(depth);
      case '\'':
      case '"':
        return nodes.textNode(string());
      default:
        break;
    }
    if (c == '+' || c == '-' || c == '.' || Character.isDigit(c)) {
      return number();
    }
    String word = word();
    switch (word) {
      case "True":
        return nodes.booleanNode(true);
      case "False":
        return nodes.booleanNode(false);
      case "None":
        return nodes.nullNode();
      default:
        throw new NotALiteral();
    }
  }

  private ArrayNode sequence(char close, int depth) throws NotALiteral {
    ArrayNode list = nodes.arrayNode();
    skipSpace();
    if (consume(close)) {
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      skipSpace();
      if (consume(close)) {
        return list;
      }
      expect(',');
      skipSpace();
      if (consume(close)) {
        return list;
      }
    }
  }

  /** {@code ()} is an empty tuple, {@code (x)} is x, {@code (x,)} and {@code (x, y)} are tuples. */
  private JsonNode parenthesised(int depth) throws NotALiteral {
    skipSpace();
    if (consume(')')) {
      return nodes.arrayNode();
    }
    JsonNode first = value(depth + 1);
    skipSpace();
    if (consume(')')) {
      return first;
    }
    expect(',');
    ArrayNode rest = sequence(')', depth);
    ArrayNode tuple = nodes.arrayNode();
    tuple.add(first);
    tuple.addAll(rest);
    return tuple;
  }

  private ObjectNode dict(int depth) throws NotALiteral {
    ObjectNode dict = nodes.objectNode();
    skipSpace();
    if (consume('}')) {
      return dict;
    }
    while (true) {
      skipSpace();
      if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
        throw new NotALiteral(); // non-string keys cannot be represented in JSON
      }
      String key = string();
      skipSpace();
      expect(':');
      dict.set(key, value(depth + 1)); // a repeated key keeps the last value, as in Python
      skipSpace();
      if (consume('}')) {
        return dict;
      }
      expect(',');
      skipSpace();
      if (consume('}')) {
        return dict;
      }
    }
  }

  private String string() throws NotALiteral {
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\n') {
        throw new NotALiteral();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw new NotALiteral();
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '\\' -> out.append('\\');
        case '\'' -> out.append('\'');
        case '"' -> out.append('"');
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case '0', '1', '2', '3', '4', '5', '6', '7' -> out.append((char) octal(e));
        case 'x' -> out.append((char) hex(2));
        case 'u' -> out.append((char) hex(4));
        default -> out.append('\\').append(e);
      }
    }
    throw new NotALiteral(); // unterminated
  }

  /** Up to three octal digits, the first already consumed (Python backslash-0, backslash-012). */
  private int octal(char first) {
    int v = first - '0';
    for (int i = 0; i < 2 && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '7'; i++) {
      v = v * 8 + (text.charAt(pos++) - '0');
    }
    return v;
  }

  private int hex(int digits) throws NotALiteral {
    if (pos + digits > text.length()) {
      throw new NotALiteral();
    }
    int v = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(text.charAt(pos++), 16);
      if (d < 0) {
        throw new NotALiteral();
      }
      v = v * 16 + d;
    }
    return v;
  }

  private JsonNode number() throws NotALiteral {
    boolean negative = false;
    while (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
      negative ^= text.charAt(pos) == '-';
      pos++;
      skipSpace();
    }
    int start = pos;
    int intDigits = digits();
    boolean isFloat = false;
    int fracDigits = 0;
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      isFloat = true;
      fracDigits = digits();
    }
    if (intDigits == 0 && fracDigits == 0) {
      throw new NotALiteral();
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw new NotALiteral();
      }
      isFloat = true;
    }
    if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      throw new NotALiteral(); // 1_000, 0x10, 3j, 1.5f ...
    }
    String literal = text.substring(start, pos);
    if (isFloat) {
      double v = Double.parseDouble(literal);
      if (Double.isInfinite(v)) {
        throw new NotALiteral(); // 1e400 is inf in Python; JSON cannot hold it
      }
      return nodes.numberNode(negative ? -v : v);
    }
    if (literal.length() > 1 && literal.charAt(0) == '0' && !literal.chars().allMatch(ch -> ch == '0')) {
      throw new NotALiteral(); // Python 3 rejects leading zeros such as 007
    }
    BigInteger v = new BigInteger(literal);
    if (negative) {
      v = v.negate();
    }
    if (v.bitLength() < 32) {
      return nodes.numberNode(v.intValue());
    }
    if (v.bitLength() < 64) {
      return nodes.numberNode(v.longValue());
    }
    return nodes.numberNode(v);
  }

  private int digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  private String word() throws NotALiteral {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (pos == start) {
      throw new NotALiteral();
    }
    return text.substring(start, pos);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean consume(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws NotALiteral {
    if (!consume(c)) {
      throw new NotALiteral();
    }
  }
}
