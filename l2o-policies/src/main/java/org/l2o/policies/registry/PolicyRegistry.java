package org.l2o.policies.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.l2o.core.policy.UpdateRule;
import org.l2o.policies.analytical.AnalyticalRules;
import org.l2o.policies.choice.ChoiceConfig;
import org.l2o.policies.choice.ChoicePolicy;
import org.l2o.policies.dm.DmConfig;
import org.l2o.policies.dm.DmOptimizer;
import org.l2o.policies.rnnprop.RnnProp;
import org.l2o.policies.rnnprop.RnnPropConfig;
import org.l2o.policies.scale.ScaleConfig;
import org.l2o.policies.scale.ScaleHierarchical;

/**
 * The one table from a config's {@code policy_constructor} (spec §2.1) to the factory of its {@link UpdateRule}.
 * The experiment builder, packages and their loader, the CLI and the benchmarks all build policies here, so a new
 * policy is a new class plus a row, not an edit of every caller.
 *
 * <p>{@link #defaults()} holds the students {@code RNNPropOptimizer} (spec §4.3) and {@code AbstractChoiceOptimizer}
 * (the choice policies less_choice / more_choice / less_choice_sgd, spec §4.5), the learned baselines
 * {@code DMOptimizer} and {@code ScaleHierarchicalOptimizer} (spec §4.6) and the six analytical policies
 * {@code SGDOptimizer}, {@code MomentumOptimizer}, {@code RMSPropOptimizer}, {@code AdamOptimizer},
 * {@code PowerSignOptimizer}, {@code AddSignOptimizer} (spec §4.4; they are teachers and baselines, not students).
 * A constructor of the original that is not implemented yet (adam_lr, rnnprop_ext, ...) or that is not
 * known at all is refused with a message naming it and the accepted ones. A registry is immutable;
 * {@link #with} gives an extended copy (a library user's own policy, a test's rule).
 */
public final class PolicyRegistry {
  /** The original's constructor name of the RNNProp student. */
  public static final String RNNPROP = "RNNPropOptimizer";

  /** Constructors of the original that this project does not build yet, with what they are. */
  private static final Map<String, String> NOT_YET = Map.of(
      "AdamLROptimizer", "adam_lr",
      "RMSPropLROptimizer", "rmsprop_lr",
      "RNNPropExtendedOptimizer", "rnnprop_ext",
      "ChoiceOptimizer", "the superseded choice policy",
      "ChoiceLargeOptimizer", "the superseded choice_large policy");

  private static final PolicyRegistry DEFAULTS = createDefaults();

  private final Map<String, PolicyEntry> entries;

  private PolicyRegistry(Map<String, PolicyEntry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * The project's policies (see the class comment).
   *
   * @return a new registry of every policy the project implements
   */
  public static PolicyRegistry defaults() {
    return DEFAULTS;
  }

  private static PolicyRegistry createDefaults() {
    Map<String, PolicyEntry> table = new LinkedHashMap<>();
    table.put(RNNPROP, new PolicyEntry(RNNPROP, true, policy -> new RnnProp(RnnPropConfig.fromConfig(policy))));
    table.put(ChoiceConfig.CONSTRUCTOR, new PolicyEntry(ChoiceConfig.CONSTRUCTOR, true,
        policy -> new ChoicePolicy(ChoiceConfig.fromConfig(policy))));
    table.put(DmConfig.CONSTRUCTOR, new PolicyEntry(DmConfig.CONSTRUCTOR, true,
        policy -> new DmOptimizer(DmConfig.fromConfig(policy))));
    table.put(ScaleConfig.CONSTRUCTOR, new PolicyEntry(ScaleConfig.CONSTRUCTOR, true,
        policy -> new ScaleHierarchical(ScaleConfig.fromConfig(policy))));
    for (String className : AnalyticalRules.CLASS_NAMES) {
      // The original's analytical policy classes are "<class_name>Optimizer" (AdamOptimizer for class_name Adam).
      String constructor = className + "Optimizer";
      table.put(constructor, new PolicyEntry(constructor, false, policy -> AnalyticalRules.fromSpec(className, policy)));
    }
    return new PolicyRegistry(table);
  }

  /**
   * A copy of this registry with one more row (or with the row of the same constructor replaced).
   *
   * @param entry the row
   * @return the extended registry; this one is unchanged
   */
  public PolicyRegistry with(PolicyEntry entry) {
    Objects.requireNonNull(entry, "entry");
    Map<String, PolicyEntry> table = new LinkedHashMap<>(entries);
    table.put(entry.constructor(), entry);
    return new PolicyRegistry(table);
  }

  /** {@return the registered constructor names, in registration order} */
  public List<String> constructors() {
    return List.copyOf(entries.keySet());
  }

  /** {@return the constructor names of the registered students, in registration order} */
  public List<String> students() {
    return entries.values().stream().filter(PolicyEntry::student).map(PolicyEntry::constructor).toList();
  }

  /**
   * The row of {@code constructor}, if registered.
   *
   * @param constructor the {@code policy_constructor}
   * @return the row, or empty if {@code constructor} is not registered
   */
  public Optional<PolicyEntry> entry(String constructor) {
    return Optional.ofNullable(entries.get(constructor));
  }

  /**
   * The row of {@code constructor}.
   *
   * @param constructor the {@code policy_constructor}
   * @return the row
   * @throws IllegalArgumentException naming the constructor and the accepted ones if it is not registered
   */
  public PolicyEntry require(String constructor) {
    PolicyEntry entry = entries.get(constructor);
    if (entry != null) {
      return entry;
    }
    String what = NOT_YET.containsKey(constructor)
        ? " (" + NOT_YET.get(constructor) + ") is not implemented yet"
        : " is not a known policy";
    throw new IllegalArgumentException("policy_constructor '" + constructor + "'" + what + "; accepted: "
        + constructors());
  }

  /**
   * Whether {@code constructor} is a registered student.
   *
   * @param constructor the {@code policy_constructor}
   * @return true if it is registered and its row is a student's
   */
  public boolean isStudent(String constructor) {
    PolicyEntry entry = entries.get(constructor);
    return entry != null && entry.student();
  }

  /**
   * Builds any registered policy (student or analytical).
   *
   * @param constructor the {@code policy_constructor}
   * @param policy      the {@code policy} dict; null means all defaults
   * @return a fresh update rule
   * @throws IllegalArgumentException for an unregistered constructor or a refused setting
   */
  public UpdateRule build(String constructor, Map<String, ?> policy) {
    PolicyEntry entry = require(constructor);
    return entry.factory().build(policy == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(policy)));
  }

  /**
   * Builds a trainable student: the policy of a meta-training experiment or of a package.
   *
   * @param constructor the {@code policy_constructor}
   * @param policy      the {@code policy} dict; null means all defaults
   * @return a fresh update rule of the student
   * @throws IllegalArgumentException for an unregistered constructor, one that is not a student (naming the
   *     students), or a refused setting
   */
  public UpdateRule student(String constructor, Map<String, ?> policy) {
    PolicyEntry entry = require(constructor);
    if (!entry.student()) {
      throw new IllegalArgumentException("policy_constructor '" + constructor + "' is an analytical policy (a teacher"
          + " or baseline without weights), not a trainable student; students: " + students());
    }
    return build(constructor, policy);
  }

  @Override
  public String toString() {
    List<String> rows = new ArrayList<>();
    entries.values().forEach(e -> rows.add(e.constructor() + (e.student() ? " (student)" : "")));
    return "PolicyRegistry" + rows;
  }
}
