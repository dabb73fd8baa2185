package org.l2o.policies.choice;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.l2o.policies.analytical.AnalyticalRule;
import org.l2o.policies.nn.LstmStack;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The original's {@code AbstractChoiceOptimizer} (spec §4.5, §17), step 1 of optimal-choice amalgamation: per
 * parameter tensor and coordinate, every pool member j computes its own update u_j; the raw updates, the time
 * feature t / time_scale (t read before it is incremented, not clipped) and the indicators rank == 1, 2, 3 go
 * through plain Keras LSTM layers and a Dense(K) to logits z; the weights w are
 * exp(z) / (sum exp(z) + eps) (hardness 0), a Gumbel-softmax of hardness * (z + G) (hardness &gt; 0, training)
 * or one-hot(argmax z) (hardness &gt; 0, not training); the update is learning_rate * sum_j w_j u_j.
 *
 * <p>State per tensor, in order: the LSTM states {@code rnn_<l>/h, c} (kept in warm-up unless
 * {@code warmup_lstm_update}), the int64 counter {@code time}, every pool member's state
 * ({@code choices/<j>/<name>}) and {@link #CHOICES}, the per-member sum of w over the tensor's coordinates at the
 * last step (the original's debug {@code _choices}; never read by the policy).
 */
public final class ChoicePolicy implements UpdateRule {
  /** Name of the state holding, per pool member, the sum of its weights over the tensor at the last step. */
  public static final String CHOICES = "_choices";
  /** Name of the output layer's kernel. */
  public static final String CHOICE_KERNEL = "network/choice/kernel";
  /** Name of the output layer's bias. */
  public static final String CHOICE_BIAS = "network/choice/bias";
  /** Number of meta-features: the time feature and three rank indicators. */
  public static final int META_FEATURES = 4;

  private final ChoiceConfig config;
  private final LstmStack lstm;

  /**
   * The choice policy with the given settings.
   *
   * @param config the settings
   */
  public ChoicePolicy(ChoiceConfig config) {
    this.config = config;
    this.lstm = new LstmStack(poolSize() + (config.useMetaFeatures() ? META_FEATURES : 0), config.layers());
  }

  /** {@return the settings} */
  public ChoiceConfig config() {
    return config;
  }

  /** {@return the number K of pool members} */
  public int poolSize() {
    return config.pool().size();
  }

  @Override
  public String name() {
    return config.name();
  }

  /** Per-tensor: the rank features and the time counter belong to one tensor. */
  @Override
  public boolean fusable() {
    return false;
  }

  @Override
  public List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>(lstm.weightSpecs());
    specs.add(new WeightSpec(CHOICE_KERNEL, Shape.of(lstm.outputs(), poolSize()), Initializers.glorotUniform()));
    specs.add(new WeightSpec(CHOICE_BIAS, Shape.of(poolSize()), Initializers.zeros()));
    return specs;
  }

  @Override
  public List<StateSpec> stateSpecs(Shape paramShape) {
    List<StateSpec> specs = new ArrayList<>(lstm.stateSpecs(paramShape.size(), !config.warmupLstmUpdate()));
    specs.add(new StateSpec("time", Shape.scalar(), TInt64.class, false));
    for (int j = 0; j < poolSize(); j++) {
      for (StateSpec s : config.pool().get(j).stateSpecs(paramShape)) {
        specs.add(new StateSpec("choices/" + j + "/" + s.name(), s.shape(), s.type(), s.keptInWarmup()));
      }
    }
    specs.add(StateSpec.float32(CHOICES, Shape.of(poolSize())));
    return specs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Step step(Ops tf, StepInput in) {
    Shape shape = in.param().shape();
    if (shape.hasUnknownDimension()) {
      throw new IllegalArgumentException(name() + ": the parameter's shape must be static, got " + shape);
    }
    int expected = stateSpecs(shape).size();
    if (in.state().size() != expected) {
      throw new IllegalArgumentException(name() + ": expected " + expected + " state tensors, got " + in.state().size());
    }
    long n = shape.size();
    int lstmStates = 2 * config.layers().size();
    Operand<TInt64> time = (Operand<TInt64>) in.state().get(lstmStates);
    Operand<TInt64> column = tf.constant(new long[] {n, 1});

    // 1. The pool members' own updates and states, from the same inputs as stand-alone rules.
    List<Operand<TFloat32>> updates = new ArrayList<>();
    List<Operand<?>> poolStates = new ArrayList<>();
    int k = lstmStates + 1;
    for (AnalyticalRule rule : config.pool()) {
      int size = rule.stateSpecs(shape).size();
      Step member = rule.step(tf, new StepInput(in.param(), in.grad(), in.state().subList(k, k + size), Weights.NONE,
          in.context()));
      updates.add(tf.reshape(member.delta(), column));
      poolStates.addAll(member.state());
      k += size;
    }
    Operand<TFloat32> pool = tf.concat(updates, tf.constant(1)); // [n, K], raw: no normalisation

    // 2. Meta-features: t / time_scale with t before its increment (not clipped), then rank == 1, 2, 3.
    List<Operand<TFloat32>> features = new ArrayList<>(List.of(pool));
    if (config.useMetaFeatures()) {
      Operand<TFloat32> t = tf.math.div(tf.dtypes.cast(time, TFloat32.class), tf.constant((float) config.timeScale()));
      features.add(tf.fill(column, t));
      int rank = shape.numDimensions();
      float[] ranks = {rank == 1 ? 1f : 0f, rank == 2 ? 1f : 0f, rank == 3 ? 1f : 0f};
      features.add(tf.tile(tf.constant(new float[][] {ranks}), tf.constant(new long[] {n, 1})));
    }
    Operand<TFloat32> x = features.size() == 1 ? pool : tf.concat(features, tf.constant(1));

    // 3. LSTM layers and Dense(K) logits.
    LstmStack.Output out = lstm.step(tf, x, in.state().subList(0, lstmStates), in.weights());
    Operand<TFloat32> logits = tf.nn.biasAdd(
        tf.linalg.matMul(out.h(), in.weights().get(tf, CHOICE_KERNEL)), in.weights().get(tf, CHOICE_BIAS));

    // 4. Weights and the weighted update.
    Operand<TFloat32> w = weights(tf, logits, n, in);
    Operand<TFloat32> delta = tf.math.mul(tf.constant((float) config.learningRate()),
        tf.reduceSum(tf.math.mul(w, pool), tf.constant(1)));

    List<Operand<?>> next = new ArrayList<>(out.states());
    next.add(tf.math.add(time, tf.constant(1L)));
    next.addAll(poolStates);
    next.add(tf.reduceSum(w, tf.constant(0)));
    return new Step(tf.reshape(delta, tf.constant(shape.asArray())), next);
  }

  /** The pool weights [n, K] from the logits [n, K] (spec §4.5 step 4 with the §17 softmax). */
  private Operand<TFloat32> weights(Ops tf, Operand<TFloat32> z, long n, StepInput in) {
    Operand<TInt32> axis = tf.constant(new int[] {1}); // int32: the C++ gradient of Sum adds it to an int32 rank
    if (config.hardness() == 0) {
      // exp(z) / (sum exp(z) + eps) computed as exp(z - M) / (sum exp(z - M) + eps exp(-M)), M = max z: the same
      // value without overflow (spec §17). The value does not depend on M, so M carries no gradient.
      Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(z, axis, ReduceMax.keepDims(true)));
      Operand<TFloat32> e = tf.math.exp(tf.math.sub(z, max));
      Operand<TFloat32> denominator = tf.math.add(
          tf.reduceSum(e, axis, ReduceSum.keepDims(true)),
          tf.math.mul(tf.constant((float) config.epsilon()), tf.math.exp(tf.math.neg(max))));
      return tf.math.div(e, denominator);
    }
    if (in.training()) {
      // Gumbel-softmax: exp((z + G) h + eps) / sum(same), G = -log(-log U); the eps cancels. U is kept above the
      // smallest normal float so that G stays finite.
      // The shape is a constant: a shape read from z would put the random op, which has no gradient, on the
      // meta-gradient's path.
      Operand<TFloat32> u = tf.math.maximum(tf.random.statelessRandomUniform(
          tf.constant(new long[] {n, poolSize()}), in.context().key(tf, "gumbel"), TFloat32.class),
          tf.constant(Float.MIN_NORMAL));
      Operand<TFloat32> gumbel = tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(u))));
      return tf.nn.softmax(tf.math.mul(tf.math.add(z, gumbel), tf.constant((float) config.hardness())));
    }
    // Arg-max has no gradient: the logits are cut off so that no gradient path reaches it.
    return tf.oneHot(tf.math.argMax(tf.stopGradient(z), tf.constant(1)), tf.constant(poolSize()),
        tf.constant(1f), tf.constant(0f));
  }
}
