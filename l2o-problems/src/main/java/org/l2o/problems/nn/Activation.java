package org.l2o.problems.nn;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Element-wise activations of the optimizee layers, by their Keras names. */
public enum Activation {
  /** max(x, 0). */
  RELU,
  /** The logistic function. */
  SIGMOID,
  /** Hyperbolic tangent. */
  TANH,
  /** Identity (Keras {@code linear}); the classifier heads use it to return logits. */
  LINEAR,
  /** Softmax over the last axis (the channels of an image): the average head's last convolution (spec §3.3). */
  SOFTMAX;

  /** Applies the activation. */
  public <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    return switch (this) {
      case RELU -> tf.nn.relu(x);
      case SIGMOID -> tf.math.sigmoid(x);
      case TANH -> tf.math.tanh(x);
      case LINEAR -> x;
      case SOFTMAX -> tf.nn.softmax(x);
    };
  }

  /** The Keras name ({@code relu}, {@code sigmoid}, {@code tanh}, {@code linear}). */
  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a Keras activation name of the optimizee layers' shared activation (relu, sigmoid, tanh, linear).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Activation parse(String name) {
    for (Activation a : values()) {
      if (a != SOFTMAX && a.kerasName().equals(name)) { // softmax: only the average head's own convolution
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + name
        + "'; expected one of relu, sigmoid, tanh, linear");
  }
}
