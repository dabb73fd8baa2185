package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.StateSpec;

/**
 * One optimizee trajectory between truncation windows: the flat parameters in internal (scaled) coordinates
 * theta~ = theta / s, the rule's flat state list and the optimizee's model state (batch-norm statistics; empty
 * for stateless networks).
 *
 * @param theta      flat [N] internal parameters
 * @param states     the rule's state tensors (see {@link RuleSlots#stateSpecs()})
 * @param modelState the problem's model state (see {@link org.l2o.core.problem.Problem#modelStateSpecs()})
 */
public record Trajectory(HostTensor theta, List<HostTensor> states, List<HostTensor> modelState) {
  /**
   * Copies the state lists.
   *
   * @param theta flat [N] internal parameters
   * @param states the rule's state tensors
   * @param modelState the problem's model state
   */
  public Trajectory {
    states = List.copyOf(states);
    modelState = List.copyOf(modelState);
  }

  /**
   * A trajectory of a stateless optimizee.
   *
   * @param theta flat [N] internal parameters
   * @param states the rule's state tensors
   */
  public Trajectory(HostTensor theta, List<HostTensor> states) {
    this(theta, states, List.of());
  }

  /**
   * A fresh trajectory at {@code theta} with all-zero rule state (stateless optimizee).
   *
   * @param theta the start parameters, flat [N] internal; copied
   * @param rule the rule over the layout, whose state specs give the zero states
   * @return the trajectory
   */
  public static Trajectory start(HostTensor theta, RuleSlots rule) {
    return start(theta, rule, List.of());
  }

  /**
   * A fresh trajectory at {@code theta} with all-zero rule and model state.
   *
   * @param theta the start parameters, flat [N] internal; copied
   * @param rule the rule over the layout, whose state specs give the zero states
   * @param modelState the specs of the problem's model state
   * @return the trajectory
   */
  public static Trajectory start(HostTensor theta, RuleSlots rule, List<StateSpec> modelState) {
    List<HostTensor> states = new ArrayList<>();
    rule.stateSpecs().forEach(spec -> states.add(HostTensor.zeros(spec)));
    List<HostTensor> model = new ArrayList<>();
    modelState.forEach(spec -> model.add(HostTensor.zeros(spec)));
    return new Trajectory(theta.copy(), states, model);
  }
}
