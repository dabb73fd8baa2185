package org.l2o.policies.registry;

import java.util.Map;
import org.l2o.core.policy.UpdateRule;

/** Builds an update rule from the {@code policy} dict of a config (the original's constructor kwargs). */
@FunctionalInterface
public interface PolicyFactory {
  /**
   * @param policy the policy's settings under the original's keys, as parsed from JSON (never null)
   * @return the rule; its {@link UpdateRule#weightSpecs()} are the weights a checkpoint of it holds
   * @throws IllegalArgumentException naming the key ({@code policy/<key>}) of a setting it refuses
   */
  UpdateRule build(Map<String, Object> policy);
}
