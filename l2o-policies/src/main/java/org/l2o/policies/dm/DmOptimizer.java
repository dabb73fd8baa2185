package org.l2o.policies.dm;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.l2o.policies.nn.LstmStack;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The DM optimizer (Andrychowicz et al. 2016), the paper's "Original" baseline, as the original's
 * {@code DMOptimizer} (spec §4.6): per coordinate, the raw gradient (no preprocessing) [n, 1] through a stack of
 * Keras LSTM cells and a linear Dense(1); delta = learning_rate * output. Weight names follow the original's
 * object layout ({@code network/recurrent/<l>/kernel|recurrent_kernel|bias}, {@code network/delta/kernel|bias}),
 * as RNNProp's do; the states are {@code lstm_<l>/h} and {@code lstm_<l>/c}. The original has no
 * {@code warmup_lstm_update} for this policy: its warm-up keeps the new state, so every state advances in warm-up.
 */
public final class DmOptimizer implements UpdateRule {
  /** Name of the output layer's kernel. */
  public static final String DELTA_KERNEL = "network/delta/kernel";
  /** Name of the output layer's bias. */
  public static final String DELTA_BIAS = "network/delta/bias";

  private final DmConfig config;
  private final LstmStack lstm;

  /**
   * The DM optimizer with the given settings.
   *
   * @param config the settings
   */
  public DmOptimizer(DmConfig config) {
    this.config = config;
    this.lstm = new LstmStack(1, config.layers());
  }

  /** {@return the settings} */
  public DmConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public boolean fusable() {
    return true; // purely coordinate-wise: all parameters may be one LSTM batch
  }

  @Override
  public List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>(lstm.weightSpecs());
    specs.add(new WeightSpec(DELTA_KERNEL, Shape.of(lstm.outputs(), 1), Initializers.glorotUniform()));
    specs.add(new WeightSpec(DELTA_BIAS, Shape.of(1), Initializers.zeros()));
    return specs;
  }

  @Override
  public List<StateSpec> stateSpecs(Shape paramShape) {
    return lstm.stateSpecs(paramShape.size(), false, "lstm_");
  }

  @Override
  public Step step(Ops tf, StepInput in) {
    Weights w = in.weights();
    Operand<TFloat32> x = tf.reshape(in.grad(), tf.constant(new long[] {-1, 1}));
    LstmStack.Output out = lstm.step(tf, x, in.state(), w);
    Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(out.h(), w.get(tf, DELTA_KERNEL)), w.get(tf, DELTA_BIAS));
    Operand<TFloat32> delta = tf.reshape(tf.math.mul(tf.constant((float) config.learningRate()), y),
        tf.shape(in.param()));
    return new Step(delta, out.states());
  }
}
