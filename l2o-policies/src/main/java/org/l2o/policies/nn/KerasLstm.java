package org.l2o.policies.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;

/**
 * One step of a Keras {@code LSTMCell} (TF 2.3/2.4 semantics, spec §4.2) built from basic ops, which all
 * have gradients in TF Java (the fused LSTMBlockCell has none): z = x W + h U + b split into the gate
 * blocks in Keras order i, f, c, o; i, f, o logistic sigmoid; c' = f c + i tanh(z_c); h' = o tanh(c').
 */
public final class KerasLstm {
  private KerasLstm() {}

  /**
   * New hidden and cell state of one step.
   *
   * @param h the hidden state [n, u]
   * @param c the cell state [n, u]
   */
  public record State(Operand<TFloat32> h, Operand<TFloat32> c) {}

  /**
   * @param x               input [n, in]
   * @param h               previous hidden state [n, u]
   * @param c               previous cell state [n, u]
   * @param kernel          W [in, 4u]
   * @param recurrentKernel U [u, 4u]
   * @param bias            b [4u]
   * @param tf the ops factory of the graph being built
   * @return the next hidden and cell states, each [n, u]
   */
  public static State step(Ops tf, Operand<TFloat32> x, Operand<TFloat32> h, Operand<TFloat32> c,
      Operand<TFloat32> kernel, Operand<TFloat32> recurrentKernel, Operand<TFloat32> bias) {
    Operand<TFloat32> z = tf.nn.biasAdd(
        tf.math.add(tf.linalg.matMul(x, kernel), tf.linalg.matMul(h, recurrentKernel)), bias);
    Split<TFloat32> gates = tf.split(tf.constant(1), z, 4L);
    List<Operand<TFloat32>> g = List.of(gates.output().get(0), gates.output().get(1), gates.output().get(2),
        gates.output().get(3));
    Operand<TFloat32> i = tf.math.sigmoid(g.get(0));
    Operand<TFloat32> f = tf.math.sigmoid(g.get(1));
    Operand<TFloat32> candidate = tf.math.tanh(g.get(2));
    Operand<TFloat32> o = tf.math.sigmoid(g.get(3));
    Operand<TFloat32> cNext = tf.math.add(tf.math.mul(f, c), tf.math.mul(i, candidate));
    Operand<TFloat32> hNext = tf.math.mul(o, tf.math.tanh(cNext));
    return new State(hNext, cNext);
  }
}
