package org.l2o.policies.rnnprop;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.l2o.core.random.RandomKeys;
import org.l2o.policies.Moments.Decay;
import org.l2o.policies.Moments;
import org.l2o.policies.nn.KerasLstm;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * RNNProp (Lv et al. 2017), the student of Optimizer Amalgamation, exactly as the original's
 * {@code RNNPropOptimizer} (spec §4.3): per coordinate, Adam-style moments with the constant bias correction
 * 1/(1-beta), inputs m~ = m^ / sqrt(v^ + eps) and g~ = g / sqrt(v^ + eps), a stack of Keras LSTM cells and a
 * Dense(1, tanh) output scaled by alpha, so |delta| &lt;= alpha. Weight names and shapes match the original's
 * checkpoints ({@code network/recurrent/0/kernel}, ..., {@code network/delta/bias}).
 */
public final class RnnProp implements UpdateRule {
  private final RnnPropConfig config;

  /**
   * RNNProp with the given settings.
   *
   * @param config the settings
   */
  public RnnProp(RnnPropConfig config) {
    this.config = config;
  }

  /** {@return the settings} */
  public RnnPropConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public boolean fusable() {
    return true; // every coordinate is treated alike: the whole parameter vector can be one LSTM batch
  }

  /**
   * Name of the kernel of LSTM layer {@code layer}.
   *
   * @param layer the layer index, from 0
   * @return the weight name
   */
  public static String kernel(int layer) {
    return "network/recurrent/" + layer + "/kernel";
  }

  /**
   * Name of the recurrent kernel of LSTM layer {@code layer}.
   *
   * @param layer the layer index, from 0
   * @return the weight name
   */
  public static String recurrentKernel(int layer) {
    return "network/recurrent/" + layer + "/recurrent_kernel";
  }

  /**
   * Name of the bias of LSTM layer {@code layer}.
   *
   * @param layer the layer index, from 0
   * @return the weight name
   */
  public static String bias(int layer) {
    return "network/recurrent/" + layer + "/bias";
  }

  /** Name of the output layer's kernel. */
  public static final String DELTA_KERNEL = "network/delta/kernel";
  /** Name of the output layer's bias. */
  public static final String DELTA_BIAS = "network/delta/bias";

  @Override
  public List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>();
    int in = 2;
    for (int l = 0; l < config.layers().size(); l++) {
      int u = config.layers().get(l);
      specs.add(new WeightSpec(kernel(l), Shape.of(in, 4L * u), Initializers.glorotUniform()));
      specs.add(new WeightSpec(recurrentKernel(l), Shape.of(u, 4L * u), Initializers.orthogonal(1.0)));
      specs.add(new WeightSpec(bias(l), Shape.of(4L * u), Initializers.unitForgetBias(u)));
      in = u;
    }
    specs.add(new WeightSpec(DELTA_KERNEL, Shape.of(in, 1), Initializers.glorotUniform()));
    specs.add(new WeightSpec(DELTA_BIAS, Shape.of(1), Initializers.zeros()));
    return specs;
  }

  @Override
  public List<StateSpec> stateSpecs(Shape paramShape) {
    long n = paramShape.size();
    boolean keepLstm = !config.warmupLstmUpdate();
    List<StateSpec> specs = new ArrayList<>();
    for (int l = 0; l < config.layers().size(); l++) {
      Shape s = Shape.of(n, config.layers().get(l));
      specs.add(new StateSpec("rnn_" + l + "/h", s, TFloat32.class, keepLstm));
      specs.add(new StateSpec("rnn_" + l + "/c", s, TFloat32.class, keepLstm));
    }
    specs.add(StateSpec.float32("m", paramShape));
    specs.add(StateSpec.float32("v", paramShape));
    return specs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Step step(Ops tf, StepInput in) {
    int layers = config.layers().size();
    Operand<TFloat32> g = in.grad();
    if (config.inputNoise() > 0 && in.training()) {
      // A stateless draw of g's static shape: no path from the weights to a random op (which has no gradient, so
      // meta-training failed), and the step's key makes the noise reproducible.
      Operand<TInt64> key = in.context().key(tf, "input_noise");
      Operand<TFloat32> z = g.shape().hasUnknownDimension()
          ? RandomKeys.normalLike(tf, key, tf.stopGradient(g))
          : RandomKeys.normal(tf, key, g.shape());
      g = tf.math.add(g, tf.math.mul(tf.constant((float) config.inputNoise()), z));
    }
    Operand<TFloat32> m = (Operand<TFloat32>) in.state().get(2 * layers);
    Operand<TFloat32> v = (Operand<TFloat32>) in.state().get(2 * layers + 1);
    // The complements 1 - beta are computed in float32 here (the analytical rules round them from double).
    Decay b1 = Decay.float32(config.beta1());
    Decay b2 = Decay.float32(config.beta2());
    Moments.Adam moments = Moments.adam(tf, m, v, g, b1, b2);
    Operand<TFloat32> mNext = moments.m();
    Operand<TFloat32> vNext = moments.v();
    Operand<TFloat32> mHat = Moments.constantCorrection(tf, mNext, b1);
    Operand<TFloat32> vHat = Moments.constantCorrection(tf, vNext, b2);
    Operand<TFloat32> denom = Moments.rootWithEpsilonInside(tf, vHat, config.epsilon());
    Operand<TFloat32> mTilde = tf.reshape(tf.math.div(mHat, denom), tf.constant(new long[] {-1, 1}));
    Operand<TFloat32> gTilde = tf.reshape(tf.math.div(g, denom), tf.constant(new long[] {-1, 1}));
    Operand<TFloat32> x = tf.concat(List.of(mTilde, gTilde), tf.constant(1));

    Weights w = in.weights();
    List<Operand<?>> next = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      Operand<TFloat32> h = (Operand<TFloat32>) in.state().get(2 * l);
      Operand<TFloat32> c = (Operand<TFloat32>) in.state().get(2 * l + 1);
      KerasLstm.State s = KerasLstm.step(tf, x, h, c, w.get(tf, kernel(l)), w.get(tf, recurrentKernel(l)),
          w.get(tf, bias(l)));
      next.add(s.h());
      next.add(s.c());
      x = s.h();
    }
    Operand<TFloat32> out = tf.math.tanh(
        tf.nn.biasAdd(tf.linalg.matMul(x, w.get(tf, DELTA_KERNEL)), w.get(tf, DELTA_BIAS)));
    Operand<TFloat32> delta = tf.reshape(tf.math.mul(tf.constant((float) config.alpha()), out), tf.shape(in.param()));
    next.add(mNext);
    next.add(vNext);
    return new Step(delta, next);
  }
}
