package org.l2o.core.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The kind of a config value, mirroring the Python types the original configs hold.
 *
 * <p>Integers and floats are distinct kinds, as in Python: JSON {@code 1} is an integer and {@code 1.0} a
 * float, and schedules (see {@code Schedules} of l2o-strategies) tell them apart.
 */
public enum ValueKind {
  /** JSON null, Python {@code None}. */
  NULL("null"),
  /** JSON true/false, Python {@code bool}. */
  BOOLEAN("boolean"),
  /** A JSON number without fraction or exponent, Python {@code int}. */
  INTEGER("integer"),
  /** A JSON number with a fraction or exponent, Python {@code float}. */
  FLOAT("float"),
  /** A JSON string, Python {@code str}. */
  STRING("string"),
  /** A JSON array, Python {@code list} (or tuple). */
  LIST("list"),
  /** A JSON object, Python {@code dict}. */
  DICT("dict");

  private final String label;

  ValueKind(String label) {
    this.label = label;
  }

  /**
   * The kind of a JSON node; a Java {@code null} or missing node counts as {@link #NULL}.
   *
   * @param node the node, or null
   * @return the node's kind
   * @throws ConfigException for a node type that is not JSON data (binary, POJO)
   */
  public static ValueKind of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NULL;
    }
    if (node.isBoolean()) {
      return BOOLEAN;
    }
    if (node.isIntegralNumber()) {
      return INTEGER;
    }
    if (node.isNumber()) {
      return FLOAT;
    }
    if (node.isTextual()) {
      return STRING;
    }
    if (node.isArray()) {
      return LIST;
    }
    if (node.isObject()) {
      return DICT;
    }
    throw new ConfigException("unsupported JSON node type " + node.getNodeType() + ": " + node);
  }

  /**
   * Lower-case name used in error messages ("integer", "float", "dict", ...).
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Short description of a value for error messages: its kind and, if small, its JSON text.
   *
   * @param node the node, or null
   * @return the kind and the JSON text (cut to 80 characters), e.g. {@code integer 3}; {@code null} for null
   */
  public static String describe(JsonNode node) {
    ValueKind kind = of(node);
    if (kind == NULL) {
      return "null";
    }
    String text = node.toString();
    if (text.length() > 80) {
      text = text.substring(0, 77) + "...";
    }
    return kind.label + " " + text;
  }
}
