/**
 * The policy registry: one table from a config's {@code policy_constructor} to the factory of its update rule
 * ({@link org.l2o.policies.registry.PolicyRegistry}). The experiment builder, packages, the loader and the
 * benchmarks all build policies through it, so a new policy is a new class and a new row.
 */
package org.l2o.policies.registry;
