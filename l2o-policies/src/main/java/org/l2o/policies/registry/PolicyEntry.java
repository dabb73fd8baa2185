package org.l2o.policies.registry;

import java.util.Objects;

/**
 * One row of the {@link PolicyRegistry}.
 *
 * @param constructor the original's {@code policy_constructor} (e.g. {@code "RNNPropOptimizer"})
 * @param student     true for a trainable student (a policy with weights that meta-training learns and a
 *                    package holds); false for analytical policies, which serve as teachers and baselines
 * @param factory     builds the rule from the config's {@code policy} dict
 */
public record PolicyEntry(String constructor, boolean student, PolicyFactory factory) {
  /**
   * Checks the fields.
   *
   * @param constructor the original's {@code policy_constructor}, not blank
   * @param student true for a trainable student
   * @param factory builds the rule from the config's {@code policy} dict
   * @throws NullPointerException if the constructor or the factory is null
   * @throws IllegalArgumentException if the constructor name is blank
   */
  public PolicyEntry {
    Objects.requireNonNull(constructor, "constructor");
    Objects.requireNonNull(factory, "factory");
    if (constructor.isBlank()) {
      throw new IllegalArgumentException("policy constructor name must not be blank");
    }
  }
}
