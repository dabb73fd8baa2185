package org.l2o.core.policy;

import java.util.Optional;
import org.l2o.core.random.RandomKeys;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What an update rule may know about the step besides gradients and state (learned_optimization's
 * {@code update(opt_state, grad, loss=None, ...)}): whether it runs in training mode (noise and perturbations
 * act only then), the optimizee's loss at this step if the caller has it, and a key for stateless random ops.
 *
 * <p>Randomness: a rule draws with {@link #key(Ops, String)}, never with stateful random ops, so the same fed
 * key reproduces the same draws (resumed runs are bit-identical) and two uses never share a draw. The caller
 * folds the tensor index into the key before each per-tensor step ({@link #forTensor}).
 *
 * @param training whether the rule runs in training mode (meta-training, warm-up and validation: the student;
 *                 false for teachers and deployment, spec §4.1)
 * @param loss     the optimizee's loss at this step (scalar), or null if unknown
 * @param key      int64 [2] key of the stateless random ops, or null where no randomness is available
 */
public record StepContext(boolean training, Operand<TFloat32> loss, Operand<TInt64> key) {

  /**
   * Inference (deployment) without loss and without randomness.
   *
   * @return a context with training false, no loss and no key
   */
  public static StepContext inference() {
    return new StepContext(false, null, null);
  }

  /**
   * The loss, if the caller gave one.
   *
   * @return the loss, or empty
   */
  public Optional<Operand<TFloat32>> lossIfKnown() {
    return Optional.ofNullable(loss);
  }

  /**
   * The key for a named use inside the rule (e.g. "input_noise").
   *
   * @param tf the ops factory of the graph being built
   * @param use names the draw; distinct uses get independent keys
   * @return the key folded with {@code use}, int64 [2]
   * @throws IllegalStateException if this context has no key
   */
  public Operand<TInt64> key(Ops tf, String use) {
    if (key == null) {
      throw new IllegalStateException("this step has no random key: the caller runs the rule without randomness"
          + " (deployment, training=false), yet the rule asked for a random draw for '" + use + "'");
    }
    return RandomKeys.fold(tf, key, use);
  }

  /**
   * The context of the rule's step on optimizee tensor {@code index} (its key folded with the index).
   *
   * @param tf the ops factory of the graph being built
   * @param index the tensor's index in the optimizee
   * @return this context with the key folded with the index (this context itself when it has no key)
   */
  public StepContext forTensor(Ops tf, int index) {
    return key == null ? this : new StepContext(training, loss, RandomKeys.fold(tf, key, 1_000_003L * (index + 1)));
  }
}
