package org.l2o.strategies;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.l2o.core.json.ConfigException;

/**
 * The three strategies, with what depends only on the kind: the names used in configs, the metadata columns of
 * {@code summary.csv} and the checkpoint names (spec §6.1-§6.5).
 */
public enum StrategyKind {
  /** {@code period_{p}}, no repeats (spec §6.4). */
  SIMPLE("simple", "SimpleStrategy", List.of("period")),
  /** {@code period_{p}.{r}} (spec §6.2). */
  REPEAT("repeat", "RepeatStrategy", List.of("period", "repeat")),
  /** {@code stage_{s}.{p}.{r}} (spec §6.3). */
  CURRICULUM("curriculum", "CurriculumLearningStrategy", List.of("stage", "period", "repeat"));

  private final String cliName;
  private final String constructorName;
  private final List<String> metadataColumns;

  StrategyKind(String cliName, String constructorName, List<String> metadataColumns) {
    this.cliName = cliName;
    this.constructorName = constructorName;
    this.metadataColumns = metadataColumns;
  }

  /** The {@code --strategy} name: simple, repeat or curriculum. */
  public String cliName() {
    return cliName;
  }

  /** The config's {@code strategy_constructor} value, e.g. {@code RepeatStrategy}. */
  public String constructorName() {
    return constructorName;
  }

  /** The metadata columns of {@code summary.csv}, in order. */
  public List<String> metadataColumns() {
    return metadataColumns;
  }

  /** The metadata cells of a position, in column order. */
  public Map<String, Integer> metadata(Position p) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String column : metadataColumns) {
      out.put(column, switch (column) {
        case "stage" -> p.stage();
        case "period" -> p.period();
        default -> p.repeat();
      });
    }
    return out;
  }

  /**
   * The checkpoint and log base name of a position: {@code period_3}, {@code period_3.1} or
   * {@code stage_1.3.0}.
   */
  public String checkpointName(Position p) {
    return switch (this) {
      case SIMPLE -> "period_" + p.period();
      case REPEAT -> "period_" + p.period() + "." + p.repeat();
      case CURRICULUM -> "stage_" + p.stage() + "." + p.period() + "." + p.repeat();
    };
  }

  /** A human-readable name: {@code period 3}, {@code period 3 repeat 1}, {@code stage 1 period 3}. */
  public String label(Position p) {
    String repeat = p.repeat() > 0 ? " repeat " + p.repeat() : "";
    return switch (this) {
      case SIMPLE -> "period " + p.period();
      case REPEAT -> "period " + p.period() + repeat;
      case CURRICULUM -> "stage " + p.stage() + " period " + p.period() + repeat;
    };
  }

  /** The kind named by a config's {@code strategy_constructor}. */
  public static StrategyKind fromConstructorName(String name) {
    return Arrays.stream(values()).filter(k -> k.constructorName.equals(name)).findFirst()
        .orElseThrow(() -> new ConfigException("strategy_constructor must be one of "
            + Arrays.stream(values()).map(k -> k.constructorName).collect(Collectors.toList()) + ", got '"
            + name + "'"));
  }

  /** The kind named by {@code --strategy}. */
  public static StrategyKind fromCliName(String name) {
    return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst()
        .orElseThrow(() -> new ConfigException("strategy must be one of "
            + Arrays.stream(values()).map(k -> k.cliName).collect(Collectors.toList()) + ", got '" + name + "'"));
  }
}
