package org.l2o.strategies;

import org.l2o.core.json.ConfigException;

import org.l2o.core.json.PythonLiteral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  private static JsonNode json(String python) {
    return PythonLiteral.parse(python);
  }

  @Test
  void integerConstantForms() {
    IntUnaryOperator bare = Schedules.integer(json("7"));
    IntUnaryOperator dict = Schedules.integer(json("{'type': 'constant', 'value': 3}"));
    for (int i : new int[] {0, 1, 50}) {
      assertThat(bare.applyAsInt(i)).isEqualTo(7);
      assertThat(dict.applyAsInt(i)).isEqualTo(3);
    }
  }

  @Test
  void integerListUsesLastValuePastTheEnd() {
    IntUnaryOperator depth = Schedules.integer(json("{'type': 'list', 'values': [1, 2, 5, 10, 20]}"));
    assertThat(new int[] {depth.applyAsInt(0), depth.applyAsInt(1), depth.applyAsInt(2),
        depth.applyAsInt(3), depth.applyAsInt(4), depth.applyAsInt(5), depth.applyAsInt(100)})
        .containsExactly(1, 2, 5, 10, 20, 20, 20);
  }

  @Test
  void integerGeometric() {
    IntUnaryOperator g = Schedules.integer(json("{'type': 'geometric', 'coefficient': 3, 'base': 2}"));
    assertThat(new int[] {g.applyAsInt(0), g.applyAsInt(1), g.applyAsInt(4)}).containsExactly(3, 6, 48);
    assertThatThrownBy(() -> g.applyAsInt(40)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void floatForms() {
    assertThat(Schedules.floating(json("0.05")).applyAsDouble(9)).isEqualTo(0.05);
    assertThat(Schedules.floating(json("{'type': 'constant', 'value': 0.0}")).applyAsDouble(2)).isEqualTo(0.0);
    IntToDoubleFunction il = Schedules.floating(json("{'type': 'list', 'values': [0.2, 0.1, 0.05, 0.02]}"));
    assertThat(new double[] {il.applyAsDouble(0), il.applyAsDouble(1), il.applyAsDouble(2),
        il.applyAsDouble(3), il.applyAsDouble(4)}).containsExactly(0.2, 0.1, 0.05, 0.02, 0.02);
    // ints inside a float schedule dict are accepted, as in the original ([1.0, 0, 0, 0])
    IntToDoubleFunction staged = Schedules.floating(json("{'type': 'list', 'values': [1.0, 0, 0, 0]}"));
    assertThat(staged.applyAsDouble(0)).isEqualTo(1.0);
    assertThat(staged.applyAsDouble(1)).isEqualTo(0.0);
  }

  @Test
  void floatExponential() {
    IntToDoubleFunction e = Schedules.floating(json("{'type': 'exponential', 'alpha': -0.5, 'base': 2.0}"));
    assertThat(e.applyAsDouble(0)).isEqualTo(2.0);
    assertThat(e.applyAsDouble(3)).isCloseTo(2.0 * Math.exp(-1.5), within(1e-15));
    IntToDoubleFunction unitBase = Schedules.floating(json("{'type': 'exponential', 'alpha': 0.1}"));
    assertThat(unitBase.applyAsDouble(10)).isCloseTo(Math.exp(-1.0), within(1e-15));
  }

  @Test
  void bareNumbersMustHaveTheRightKind() {
    assertThatThrownBy(() -> Schedules.floating(json("0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("write 0.0").hasMessageContaining("integer 0");
    assertThatThrownBy(() -> Schedules.integer(json("2.0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("float 2.0");
    assertThatThrownBy(() -> Schedules.integer(json("True"))).hasMessageContaining("boolean true");
    assertThatThrownBy(() -> Schedules.floating(json("False"))).hasMessageContaining("boolean false");
    assertThatThrownBy(() -> Schedules.integer(json("'5'"))).hasMessageContaining("string \"5\"");
    assertThatThrownBy(() -> Schedules.floating(null)).hasMessageContaining("null");
  }

  @Test
  void invalidDictsRaiseNamingWhatWasGiven() {
    assertThatThrownBy(() -> Schedules.integer(json("{'type': 'exponential', 'alpha': 1.0}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[constant, geometric, list]").hasMessageContaining("exponential");
    assertThatThrownBy(() -> Schedules.floating(json("{'type': 'geometric', 'coefficient': 1, 'base': 2}")))
        .hasMessageContaining("[constant, exponential, list]").hasMessageContaining("geometric");
    assertThatThrownBy(() -> Schedules.floating(json("{'values': [0.1]}")))
        .hasMessageContaining("no \"type\"");
    assertThatThrownBy(() -> Schedules.floating(json("{'type': 'list', 'vaules': [0.1]}")))
        .hasMessageContaining("unknown key 'vaules'");
    assertThatThrownBy(() -> Schedules.floating(json("{'type': 'list', 'values': []}")))
        .hasMessageContaining("non-empty list");
    assertThatThrownBy(() -> Schedules.integer(json("{'type': 'list', 'values': [1, 2.5]}")))
        .hasMessageContaining("'values'[1] must be an integer, got float 2.5");
    assertThatThrownBy(() -> Schedules.integer(json("{'type': 'constant'}")))
        .hasMessageContaining("lacks \"value\"");
    assertThatThrownBy(() -> Schedules.floating(json("{'type': 'list', 'values': [0.1, 'x']}")))
        .hasMessageContaining("must be a number, got string \"x\"");
  }

  @Test
  void negativeIndexIsRejected() {
    assertThatThrownBy(() -> Schedules.integer(json("3")).applyAsInt(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScheduleKeepsItsKeyAndJsonFormAndNamesTheKeyInErrors() {
    Schedule<Integer> depth = Schedule.integer("depth", json("{'type': 'list', 'values': [1, 3]}"));
    assertThat(depth.at(0)).isEqualTo(1);
    assertThat(depth.at(5)).isEqualTo(3);
    assertThat(depth).isEqualTo(Schedule.integer("depth", json("{'type': 'list', 'values': [1, 3]}")))
        .isNotEqualTo(Schedule.integer("epochs", json("{'type': 'list', 'values': [1, 3]}")));
    assertThat(depth.toString()).isEqualTo("depth={\"type\":\"list\",\"values\":[1,3]}");
    Schedule<Double> rate = Schedule.constant("warmup_rate", 0.5);
    assertThat(rate.at(7)).isEqualTo(0.5);
    assertThat(Schedule.constant("warmup", 2).at(7)).isEqualTo(2);
    assertThatThrownBy(() -> Schedule.integer("depth", json("2.5"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("strategy/depth: ");
    assertThatThrownBy(() -> Schedule.floating("warmup_rate", json("1"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("strategy/warmup_rate: ");
  }
}
