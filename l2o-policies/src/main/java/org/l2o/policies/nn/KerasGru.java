package org.l2o.policies.nn;

import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.WeightSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;

/**
 * One step of a Keras {@code GRUCell} with {@code reset_after=True} (the TF 2 default; spec §17 on §4.6) built from
 * basic ops: kernel W [in, 3u], recurrent kernel U [u, 3u], bias b [2, 3u] (row 0 the input bias, row 1 the
 * recurrent bias), gate order z, r, h:
 * z = σ(x W_z + b_z + h U_z + b'_z), r = σ(x W_r + b_r + h U_r + b'_r),
 * ĥ = tanh(x W_h + b_h + r ⊙ (h U_h + b'_h)), h' = z ⊙ h + (1 − z) ⊙ ĥ.
 * Keras initializers: glorot_uniform kernel, orthogonal recurrent kernel, zero bias.
 */
public final class KerasGru {
  private KerasGru() {}

  /**
   * The cell's weights under {@code prefix} ({@code <prefix>/kernel}, {@code <prefix>/recurrent_kernel},
   * {@code <prefix>/bias}).
   *
   * @param inputs the input width
   * @param units  the state width u
   * @param prefix the weight name prefix
   * @return the three weight specs: kernel [in, 3u], recurrent kernel [u, 3u] and bias [2, 3u]
   */
  public static List<WeightSpec> weightSpecs(String prefix, int inputs, int units) {
    return List.of(
        new WeightSpec(prefix + "/kernel", Shape.of(inputs, 3L * units), Initializers.glorotUniform()),
        new WeightSpec(prefix + "/recurrent_kernel", Shape.of(units, 3L * units), Initializers.orthogonal(1.0)),
        new WeightSpec(prefix + "/bias", Shape.of(2, 3L * units), Initializers.zeros()));
  }

  /**
   * Number of scalars of a cell: 3u (in + u) + 2 * 3u.
   *
   * @param inputs the input width
   * @param units the state width u
   * @return the number of scalars of the kernel, recurrent kernel and bias
   */
  public static long parameterCount(int inputs, int units) {
    return 3L * units * (inputs + units) + 6L * units;
  }

  /**
   * @param x               input [n, in]
   * @param h               previous state [n, u]
   * @param kernel          W [in, 3u]
   * @param recurrentKernel U [u, 3u]
   * @param bias            b [2, 3u]
   * @param tf the ops factory of the graph being built
   * @return the next state [n, u]
   */
  public static Operand<TFloat32> step(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h, Operand<TFloat32> kernel,
      Operand<TFloat32> recurrentKernel, Operand<TFloat32> bias) {
    Split<TFloat32> b = tf.split(tf.constant(0), bias, 2L); // two rows [1, 3u], broadcast over the batch
    Operand<TFloat32> xw = tf.math.add(tf.linalg.matMul(x, kernel), b.output().get(0));
    Operand<TFloat32> hu = tf.math.add(tf.linalg.matMul(h, recurrentKernel), b.output().get(1));
    Split<TFloat32> xs = tf.split(tf.constant(1), xw, 3L);
    Split<TFloat32> hs = tf.split(tf.constant(1), hu, 3L);
    Operand<TFloat32> z = tf.math.sigmoid(tf.math.add(xs.output().get(0), hs.output().get(0)));
    Operand<TFloat32> r = tf.math.sigmoid(tf.math.add(xs.output().get(1), hs.output().get(1)));
    Operand<TFloat32> candidate = tf.math.tanh(tf.math.add(xs.output().get(2), tf.math.mul(r, hs.output().get(2))));
    Operand<TFloat32> one = tf.constant(1f);
    return tf.math.add(tf.math.mul(z, h), tf.math.mul(tf.math.sub(one, z), candidate));
  }
}
