package org.l2o.experiment.config;

import java.util.List;
import java.util.Objects;

/**
 * A named list of overrides with a one-line description, loaded from {@code presets/<name>.json}.
 *
 * @param name        the file name without {@code .json}, e.g. {@code il_more}
 * @param description one line saying what the preset does
 * @param overrides   applied in order
 */
public record Preset(String name, String description, List<ConfigOverride> overrides) {
  /** Checks for nulls and copies the list. */
  public Preset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    overrides = List.copyOf(overrides);
  }
}
