package org.l2o.core.policy;

import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * Layout of one tensor of an update rule's per-parameter state. Every state tensor starts at zero.
 *
 * @param name          stable name, unique within the rule (e.g. {@code "m"}, {@code "rnn_0/h"}); a name starting with
 *                      {@code _} marks a debug record the rule writes but never reads (the choice weights
 *                      {@code _choices}), which evaluations store in their results
 * @param shape         static shape of the tensor
 * @param type          element type ({@code TFloat32} for moments and LSTM states, {@code TInt64} for counters)
 * @param keptInWarmup  true if a warm-up step keeps the old value (the LSTM states of RNN policies with
 *                      {@code warmup_lstm_update=false}); false if warm-up takes the new value
 */
public record StateSpec(String name, Shape shape, Class<? extends TType> type, boolean keptInWarmup) {
  /**
   * Checks that no component is null.
   *
   * @param name stable name, unique within the rule
   * @param shape static shape of the tensor
   * @param type element type
   * @param keptInWarmup true if a warm-up step keeps the old value
   * @throws NullPointerException if the name, shape or type is null
   */
  public StateSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(type, "type");
  }

  /**
   * A float32 state that warm-up updates like any step.
   *
   * @param name the state's name
   * @param shape its shape
   * @return the spec, not kept in warm-up
   */
  public static StateSpec float32(String name, Shape shape) {
    return new StateSpec(name, shape, org.tensorflow.types.TFloat32.class, false);
  }
}
