package org.l2o.policies.nn;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A stack of plain Keras LSTM cells ({@link KerasLstm}) over per-coordinate inputs, with the original's weight
 * names {@code network/recurrent/<l>/kernel|recurrent_kernel|bias}, Keras initializers (glorot_uniform,
 * orthogonal, unit forget bias) and per-layer states {@code rnn_<l>/h}, {@code rnn_<l>/c} of shape [n, units].
 *
 * @param inputs the input width of the first layer
 * @param units  the widths of the layers
 */
public record LstmStack(int inputs, List<Integer> units) {
  /**
   * Copies the width list and checks the widths.
   *
   * @param inputs the input width of the first layer, at least 1
   * @param units the widths of the layers, at least one, each at least 1
   * @throws IllegalArgumentException if a width is below 1 or there is no layer
   */
  public LstmStack {
    units = List.copyOf(units);
    if (inputs < 1 || units.isEmpty() || units.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("an LSTM stack needs a positive input width and positive layer widths, got "
          + inputs + " and " + units);
    }
  }

  /**
   * Name of the kernel of layer {@code l}.
   *
   * @param l the layer index, from 0
   * @return {@code network/recurrent/<l>/kernel}
   */
  public static String kernel(int l) {
    return "network/recurrent/" + l + "/kernel";
  }

  /**
   * Name of the recurrent kernel of layer {@code l}.
   *
   * @param l the layer index, from 0
   * @return {@code network/recurrent/<l>/recurrent_kernel}
   */
  public static String recurrentKernel(int l) {
    return "network/recurrent/" + l + "/recurrent_kernel";
  }

  /**
   * Name of the bias of layer {@code l}.
   *
   * @param l the layer index, from 0
   * @return {@code network/recurrent/<l>/bias}
   */
  public static String bias(int l) {
    return "network/recurrent/" + l + "/bias";
  }

  /** {@return the width of the last layer's output} */
  public int outputs() {
    return units.get(units.size() - 1);
  }

  /**
   * The stack's weights, layer by layer (kernel, recurrent kernel, bias).
   *
   * @return per layer l: kernel [in_l, 4 u_l], recurrent kernel [u_l, 4 u_l], bias [4 u_l]
   */
  public List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>();
    int in = inputs;
    for (int l = 0; l < units.size(); l++) {
      int u = units.get(l);
      specs.add(new WeightSpec(kernel(l), Shape.of(in, 4L * u), Initializers.glorotUniform()));
      specs.add(new WeightSpec(recurrentKernel(l), Shape.of(u, 4L * u), Initializers.orthogonal(1.0)));
      specs.add(new WeightSpec(bias(l), Shape.of(4L * u), Initializers.unitForgetBias(u)));
      in = u;
    }
    return specs;
  }

  /**
   * The states h and c of every layer for {@code n} coordinates.
   *
   * @param keptInWarmup whether warm-up steps keep them ({@code warmup_lstm_update = false})
   * @param n the number of coordinates
   * @return per layer, {@code rnn_<l>/h} then {@code rnn_<l>/c}, each float32 [n, u_l]
   */
  public List<StateSpec> stateSpecs(long n, boolean keptInWarmup) {
    return stateSpecs(n, keptInWarmup, "rnn_");
  }

  /**
   * The states h and c of every layer for {@code n} coordinates, named {@code <prefix><l>/h} and
   * {@code <prefix><l>/c} (the DM optimizer's states are {@code lstm_<l>}).
   *
   * @param keptInWarmup whether warm-up steps keep them
   * @param prefix       the state name prefix
   * @param n the number of coordinates
   * @return per layer, h then c, each float32 [n, u_l]
   */
  public List<StateSpec> stateSpecs(long n, boolean keptInWarmup, String prefix) {
    List<StateSpec> specs = new ArrayList<>();
    for (int l = 0; l < units.size(); l++) {
      Shape s = Shape.of(n, units.get(l));
      specs.add(new StateSpec(prefix + l + "/h", s, TFloat32.class, keptInWarmup));
      specs.add(new StateSpec(prefix + l + "/c", s, TFloat32.class, keptInWarmup));
    }
    return specs;
  }

  /**
   * Output of the stack and the next states (in {@link #stateSpecs} order).
   *
   * @param h the last layer's hidden state [n, outputs]
   * @param states h and c of every layer, in {@link #stateSpecs} order
   */
  public record Output(Operand<TFloat32> h, List<Operand<?>> states) {}

  /**
   * One step of every layer.
   *
   * @param x      input [n, inputs]
   * @param states h and c of every layer, in {@link #stateSpecs} order
   * @param tf the ops factory of the graph being built
   * @param w the stack's weights, named as {@link #weightSpecs} lists them
   * @return the last layer's hidden state [n, outputs] and the next states
   * @throws IllegalArgumentException if {@code states} does not hold two tensors per layer
   */
  @SuppressWarnings("unchecked")
  public Output step(Ops tf, Operand<TFloat32> x, List<Operand<?>> states, Weights w) {
    if (states.size() != 2 * units.size()) {
      throw new IllegalArgumentException("expected " + 2 * units.size() + " LSTM state tensors, got " + states.size());
    }
    List<Operand<?>> next = new ArrayList<>();
    for (int l = 0; l < units.size(); l++) {
      KerasLstm.State s = KerasLstm.step(tf, x, (Operand<TFloat32>) states.get(2 * l),
          (Operand<TFloat32>) states.get(2 * l + 1), w.get(tf, kernel(l)), w.get(tf, recurrentKernel(l)),
          w.get(tf, bias(l)));
      next.add(s.h());
      next.add(s.c());
      x = s.h();
    }
    return new Output(x, next);
  }
}
