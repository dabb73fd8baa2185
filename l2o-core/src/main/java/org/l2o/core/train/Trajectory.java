package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * One optimizee trajectory between truncation windows: the flat parameters in internal (scaled)
 * coordinates theta~ = theta / s and the rule's flat state list.
 *
 * @param theta  flat [N] internal parameters
 * @param states the rule's state tensors (see {@link RuleSlots#stateSpecs()})
 */
public record Trajectory(HostTensor theta, List<HostTensor> states) {
  public Trajectory {
    states = List.copyOf(states);
  }

  /** A fresh trajectory at {@code theta} with all-zero rule state. */
  public static Trajectory start(HostTensor theta, RuleSlots rule) {
    List<HostTensor> states = new ArrayList<>();
    rule.stateSpecs().forEach(spec -> states.add(HostTensor.zeros(spec)));
    return new Trajectory(theta.copy(), states);
  }
}
