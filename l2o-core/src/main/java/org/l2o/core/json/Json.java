package org.l2o.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The JSON settings shared by configs, presets and config.json: strict reading (duplicate keys and
 * trailing tokens are errors) and Python-like writing ({@code json.dump(indent=4)}: 4-space indent,
 * {@code "key": value}, {@code []} for empty lists).
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectWriter PRETTY = MAPPER.writer(pythonLikePrinter());

  private Json() {}

  /**
   * The shared mapper (thread-safe once configured; do not reconfigure it).
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Node factory for building config trees.
   *
   * @return the factory
   */
  public static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }

  /**
   * Serialises a node as indented JSON (4 spaces, Python {@code json.dump} layout), no trailing newline.
   *
   * @param node the node
   * @return the JSON text
   */
  public static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new ConfigException("cannot serialise config: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a JSON file whose top level must be an object.
   *
   * @param file the file to read
   * @param what what the file is, for messages (e.g. "preset", "config.json")
   * @return the top-level object
   * @throws ConfigException if the file is missing, unreadable or malformed (message names file, line, column)
   */
  public static ObjectNode readObject(Path file, String what) {
    JsonNode node;
    try (InputStream in = Files.newInputStream(file)) {
      node = MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      throw new ConfigException(what + " file not found: " + file, e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(malformed(file.toString(), what, e), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
    }
    return requireObject(node, file.toString(), what);
  }

  /**
   * Reads a classpath resource whose top level must be a JSON object.
   *
   * @param resource the resource's path on the class path
   * @param what what the resource is, for messages
   * @return the top-level object
   * @throws ConfigException if the resource is missing or malformed, or its top level is not an object
   */
  public static ObjectNode readResource(String resource, String what) {
    try (InputStream in = Json.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(what + " resource not found on the classpath: " + resource);
      }
      return requireObject(MAPPER.readTree(in), resource, what);
    } catch (JsonProcessingException e) {
      throw new ConfigException(malformed(resource, what, e), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + what + " resource " + resource + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode requireObject(JsonNode node, String source, String what) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(
          what + " " + source + " must hold a JSON object at the top level, found "
              + (node == null ? "nothing" : ValueKind.describe(node)));
    }
    requireFinite(node, "", source, what);
    return (ObjectNode) node;
  }

  /**
   * Refuses numbers beyond the double range (e.g. {@code 1e400}), which Jackson reads as infinity: no setting
   * takes an infinite value, JSON cannot write one back, and comparing one with BigDecimal fails.
   */
  private static void requireFinite(JsonNode node, String path, String source, String what) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw new ConfigException(what + " " + source + ": the number at " + (path.isEmpty() ? "the top level" : path)
          + " is beyond the range of a double");
    }
    if (node.isObject()) {
      node.properties().forEach(e -> requireFinite(e.getValue(), join(path, e.getKey()), source, what));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireFinite(node.get(i), join(path, Integer.toString(i)), source, what);
      }
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "/" + key;
  }

  private static String malformed(String source, String what, JsonProcessingException e) {
    var loc = e.getLocation();
    String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    return "malformed " + what + " " + source + where + ": " + e.getOriginalMessage();
  }

  private static DefaultPrettyPrinter pythonLikePrinter() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }
}
