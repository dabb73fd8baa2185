package org.l2o.core.tf;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TIntegral;

/**
 * Classification losses and metrics as graph ops, for float32 and float64 logits. The cross-entropy is
 * computed from logits (stable: logsumexp(z) - z_y), matching what Keras computes for a softmax head
 * inside a {@code tf.function} (spec §3.2).
 */
public final class Losses {

  private Losses() {}

  /**
   * Per-example sparse softmax cross-entropy from logits.
   *
   * @param <T> the float type of the logits and losses
   * @param tf the ops factory of the graph being built
   * @param logits [batch, classes]
   * @param labels [batch], int32 or int64 class indices in [0, classes)
   * @return [batch] losses, same element type as {@code logits}
   */
  public static <T extends TFloating> Operand<T> sparseSoftmaxCrossEntropy(
      Ops tf, Operand<T> logits, Operand<? extends TIntegral> labels) {
    // The op's gradient is one of ours; without it, gradients through the loss fail.
    CustomGradients.ensureRegistered();
    SparseSoftmaxCrossEntropyWithLogits<T> ce = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, labels);
    return ce.loss();
  }

  /**
   * Mean over the batch of the sparse softmax cross-entropy from logits (Keras
   * SparseCategoricalCrossentropy with the default mean reduction).
   *
   * @param <T> the float type of the logits and loss
   * @param tf the ops factory of the graph being built
   * @param logits [batch, classes]
   * @param labels [batch], int32 or int64
   * @return scalar loss, same element type as {@code logits}
   */
  public static <T extends TFloating> Operand<T> meanSparseSoftmaxCrossEntropy(
      Ops tf, Operand<T> logits, Operand<? extends TIntegral> labels) {
    return tf.math.mean(sparseSoftmaxCrossEntropy(tf, logits, labels), tf.constant(0));
  }

  /**
   * Fraction of examples whose arg-max logit equals the label (ties go to the lowest index, as
   * TensorFlow's ArgMax).
   *
   * @param <T> the float type of the logits and accuracy
   * @param tf the ops factory of the graph being built
   * @param logits [batch, classes]
   * @param labels [batch], int32 or int64
   * @return scalar accuracy in [0, 1], same element type as {@code logits}
   */
  public static <T extends TFloating> Operand<T> accuracy(
      Ops tf, Operand<T> logits, Operand<? extends TIntegral> labels) {
    Operand<TInt64> predicted = tf.math.argMax(logits, tf.constant(-1), TInt64.class);
    Operand<TInt64> truth = tf.dtypes.cast(labels, TInt64.class);
    return tf.math.mean(tf.dtypes.cast(tf.math.equal(predicted, truth), logits.type()), tf.constant(0));
  }
}
