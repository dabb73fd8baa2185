package org.l2o.core.random;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keys of TensorFlow's stateless random ops inside a graph: a key is an int64 tensor of shape [2], and every
 * use of randomness folds its own salt into the key it was given, so that two uses never share a draw and the
 * same graph with the same fed key draws the same numbers. Keys are fed per window by the meta-training engine
 * (derived with {@link Seeds}), which makes noise reproducible and a resumed run bit-identical.
 */
public final class RandomKeys {
  private RandomKeys() {}

  /**
   * A constant key (tests, deployment graphs).
   *
   * @param tf the ops factory of the graph being built
   * @param seed the seed the two key words derive from
   * @return the key, int64 [2]
   */
  public static Operand<TInt64> constant(Ops tf, long seed) {
    return tf.constant(new long[] {Seeds.derive(seed, 0), Seeds.derive(seed, 1)});
  }

  /**
   * The key for sub-use {@code salt} of {@code key}: distinct salts give independent streams.
   *
   * @param tf the ops factory of the graph being built
   * @param key the key, int64 [2]
   * @param salt the sub-use
   * @return the folded key, int64 [2]
   */
  public static Operand<TInt64> fold(Ops tf, Operand<TInt64> key, long salt) {
    return tf.bitwise.bitwiseXor(key, tf.constant(new long[] {Seeds.derive(salt, 0), Seeds.derive(salt, 1)}));
  }

  /**
   * The key for a salt known only at run time (e.g. an iteration counter, int64 scalar).
   *
   * @param tf the ops factory of the graph being built
   * @param key the key, int64 [2]
   * @param salt the salt, int64 scalar
   * @return the folded key, int64 [2]
   */
  public static Operand<TInt64> fold(Ops tf, Operand<TInt64> key, Operand<TInt64> salt) {
    Operand<TInt64> pair = tf.stack(java.util.List.of(salt, tf.math.mul(salt, tf.constant(0x2545F4914F6CDD1DL))));
    return tf.bitwise.bitwiseXor(key, pair);
  }

  /**
   * The key for a named use (a weight, "input_noise", "gumbel").
   *
   * @param tf the ops factory of the graph being built
   * @param key the key, int64 [2]
   * @param use the use's name
   * @return the folded key, int64 [2]
   */
  public static Operand<TInt64> fold(Ops tf, Operand<TInt64> key, String use) {
    return fold(tf, key, use.hashCode() * 0x9E3779B97F4A7C15L + use.length());
  }

  /**
   * Standard normal float32 noise of a static shape, drawn with {@code key}.
   *
   * @param tf the ops factory of the graph being built
   * @param key the key, int64 [2]
   * @param shape the noise's shape
   * @return the noise
   */
  public static Operand<TFloat32> normal(Ops tf, Operand<TInt64> key, Shape shape) {
    return tf.random.statelessRandomNormal(tf.constant(shape.asArray()), key, TFloat32.class);
  }

  /**
   * Standard normal float32 noise of the shape of {@code like} (known at run time), drawn with {@code key}.
   *
   * @param tf the ops factory of the graph being built
   * @param key the key, int64 [2]
   * @param like the tensor whose shape the noise takes
   * @return the noise
   */
  public static Operand<TFloat32> normalLike(Ops tf, Operand<TInt64> key, Operand<?> like) {
    return tf.random.statelessRandomNormal(tf.shape(like, TInt64.class), key, TFloat32.class);
  }

  /**
   * Uniform float32 noise in [0, 1) of the shape of {@code like}, drawn with {@code key}.
   *
   * @param tf the ops factory of the graph being built
   * @param key the key, int64 [2]
   * @param like the tensor whose shape the noise takes
   * @return the noise
   */
  public static Operand<TFloat32> uniformLike(Ops tf, Operand<TInt64> key, Operand<?> like) {
    return tf.random.statelessRandomUniform(tf.shape(like, TInt64.class), key, TFloat32.class);
  }
}
