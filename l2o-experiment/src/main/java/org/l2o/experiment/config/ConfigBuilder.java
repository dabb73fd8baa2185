package org.l2o.experiment.config;

import org.l2o.core.json.ConfigException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Builds a full config the way train.py does: defaults for the strategy and policy, then the presets in
 * the order given ({@code --presets=a,b,c}), then the command-line overrides, all with the strict rules of
 * {@link Overrides#apply}.
 */
public final class ConfigBuilder {
  private final Path presetsDir;

  /**
   * Creates a builder.
   *
   * @param presetsDir the folder with the preset JSON files (the project's top-level {@code presets/})
   */
  public ConfigBuilder(Path presetsDir) {
    this.presetsDir = Objects.requireNonNull(presetsDir, "presetsDir");
  }

  /** The presets folder this builder reads. */
  public Path presetsDir() {
    return presetsDir;
  }

  /**
   * Builds a config.
   *
   * @param strategy a {@link Configs#STRATEGIES} name
   * @param policy a {@link Configs#POLICIES} name
   * @param presetNames presets to apply, in order (may be empty)
   * @param overrides command-line overrides, applied after the presets
   * @return a new config tree
   * @throws ConfigException for an unknown strategy, policy or preset, or an override that does not apply
   *     (the message names the preset, if any, and the path)
   */
  public ObjectNode build(String strategy, String policy, List<String> presetNames,
      List<ConfigOverride> overrides) {
    ObjectNode config = Configs.defaults(strategy, policy);
    for (String name : presetNames) {
      Preset preset = Presets.load(presetsDir, name);
      for (ConfigOverride o : preset.overrides()) {
        try {
          Overrides.apply(config, o);
        } catch (ConfigException e) {
          throw new ConfigException("preset '" + name + "' does not apply to strategy=" + strategy
              + ", policy=" + policy + ": " + e.getMessage(), e);
        }
      }
    }
    Overrides.applyAll(config, overrides);
    return config;
  }

  /** Splits a {@code --presets=a,b,c} value into names, ignoring empty items (so "" gives none). */
  public static List<String> splitPresetList(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
