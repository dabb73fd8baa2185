package org.l2o.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonLiteralTest {

  static Stream<Arguments> literals() {
    return Stream.of(
        // text, expected JSON, expected kind
        Arguments.of("3", "3", ValueKind.INTEGER),
        Arguments.of("-2", "-2", ValueKind.INTEGER),
        Arguments.of("+7", "7", ValueKind.INTEGER),
        Arguments.of("0", "0", ValueKind.INTEGER),
        Arguments.of("12345678901", "12345678901", ValueKind.INTEGER),
        Arguments.of("0.5", "0.5", ValueKind.FLOAT),
        Arguments.of(".5", "0.5", ValueKind.FLOAT),
        Arguments.of("1.", "1.0", ValueKind.FLOAT),
        Arguments.of("-2.0", "-2.0", ValueKind.FLOAT),
        Arguments.of("1e-3", "0.001", ValueKind.FLOAT),
        Arguments.of("1E5", "100000.0", ValueKind.FLOAT),
        Arguments.of("-1.5e+2", "-150.0", ValueKind.FLOAT),
        Arguments.of("0.0", "0.0", ValueKind.FLOAT),
        Arguments.of("True", "true", ValueKind.BOOLEAN),
        Arguments.of("False", "false", ValueKind.BOOLEAN),
        Arguments.of("None", "null", ValueKind.NULL),
        Arguments.of("'reduce_mean'", "\"reduce_mean\"", ValueKind.STRING),
        Arguments.of("\"double\"", "\"double\"", ValueKind.STRING),
        Arguments.of("'it\\'s'", "\"it's\"", ValueKind.STRING),
        Arguments.of("\"a=b\"", "\"a=b\"", ValueKind.STRING),
        Arguments.of("'tab\\tnew\\nline\\\\'", "\"tab\\tnew\\nline\\\\\"", ValueKind.STRING),
        Arguments.of("'\\x41\\u00e9\\d'", "\"A\u00e9\\\\d\"", ValueKind.STRING),
        Arguments.of("''", "\"\"", ValueKind.STRING),
        Arguments.of("[]", "[]", ValueKind.LIST),
        Arguments.of("[20]", "[20]", ValueKind.LIST),
        Arguments.of("[20, 20,]", "[20,20]", ValueKind.LIST),
        Arguments.of("(1, 2.0)", "[1,2.0]", ValueKind.LIST),
        Arguments.of("(3,)", "[3]", ValueKind.LIST),
        Arguments.of("()", "[]", ValueKind.LIST),
        Arguments.of("(3)", "3", ValueKind.INTEGER),
        Arguments.of(" [ 1 , 'a' , None ] ", "[1,\"a\",null]", ValueKind.LIST),
        Arguments.of("{}", "{}", ValueKind.DICT),
        Arguments.of("{'class_name':'SGD','config':{'learning_rate':0.2}}",
            "{\"class_name\":\"SGD\",\"config\":{\"learning_rate\":0.2}}", ValueKind.DICT),
        Arguments.of("{\"type\": \"list\", \"values\": [0.2, 0.1, 0.05, 0.02],}",
            "{\"type\":\"list\",\"values\":[0.2,0.1,0.05,0.02]}", ValueKind.DICT),
        Arguments.of("{'a': [[16, 3, 1], 2, (32, 5, 1)], 'b': {'c': True, 'd': -1e-10}}",
            "{\"a\":[[16,3,1],2,[32,5,1]],\"b\":{\"c\":true,\"d\":-1.0E-10}}", ValueKind.DICT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("literals")
  void parsesLiterals(String text, String json, ValueKind kind) throws Exception {
    JsonNode node = PythonLiteral.parse(text);
    assertThat(ValueKind.of(node)).isEqualTo(kind);
    assertThat(node.toString()).isEqualTo(json);
  }

  @ParameterizedTest(name = "[{index}] <{0}>")
  @ValueSource(strings = {
      "sum", "max", "a+b", "1+1", "reduce_mean", "true", "none", "inf", "nan", "-inf", "1e400",
      "0x10", "1_000", "007", "3j", "{1, 2}", "{1: 2}", "[1, 2", "'unterminated", "[1 2]",
      "__import__('os')", "lambda: 0", "'a' 'b'", "1.2.3", "--", "", "  ", "results/less_choice/base/1",
      "{'a': sum}", "[True, x]"})
  void keepsNonLiteralsAsTheRawString(String text) {
    JsonNode node = PythonLiteral.parse(text);
    assertThat(node.isTextual()).as("kept as string").isTrue();
    assertThat(node.asText()).isEqualTo(text);
  }

  @Test
  void intsStayIntsAndFloatsStayFloats() {
    assertThat(PythonLiteral.parse("0").isIntegralNumber()).isTrue();
    assertThat(PythonLiteral.parse("0.0").isFloatingPointNumber()).isTrue();
    assertThat(PythonLiteral.parse("[1, 1.0]").get(0).isIntegralNumber()).isTrue();
    assertThat(PythonLiteral.parse("[1, 1.0]").get(1).isFloatingPointNumber()).isTrue();
  }

  @Test
  void deepNestingIsNotALiteralButDoesNotOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThat(PythonLiteral.parse(deep).isTextual()).isTrue();
  }

  @Test
  void repeatedDictKeyKeepsLastValue() {
    assertThat(PythonLiteral.parse("{'a': 1, 'a': 2}").toString()).isEqualTo("{\"a\":2}");
  }
}
