package org.l2o.core.train;

import java.util.Map;
import org.l2o.core.policy.UpdateRule;

/**
 * A teacher of the student: a frozen update rule, with its weights if it is a trained policy (a loaded
 * choice network); analytical teachers have none.
 *
 * @param rule    the teacher's update rule
 * @param weights its weight values by {@link org.l2o.core.policy.WeightSpec#name()}, empty if none
 */
public record TeacherSpec(UpdateRule rule, Map<String, HostTensor> weights) {
  /**
   * Copies the weight map.
   *
   * @param rule the teacher's update rule
   * @param weights its weight values by name, empty if none
   */
  public TeacherSpec {
    weights = Map.copyOf(weights);
  }

  /**
   * An analytical teacher.
   *
   * @param rule the teacher's rule, which has no weights
   * @return the teacher with no weights
   */
  public static TeacherSpec of(UpdateRule rule) {
    return new TeacherSpec(rule, Map.of());
  }
}
