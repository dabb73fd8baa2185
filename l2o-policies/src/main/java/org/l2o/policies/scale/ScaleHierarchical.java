package org.l2o.policies.scale;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.l2o.policies.nn.KerasGru;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The hierarchical learned optimizer of Wichrowska et al. 2017, the paper's "Scale" baseline, as the original's
 * {@code ScaleHierarchicalOptimizer} (spec §4.6). Per tensor step with g the gradient, h_p the per-coordinate GRU
 * state [n, pu], h_t the tensor GRU state [1, tu] and h_g the global GRU state [1, gu] (all of the previous step):
 * <ol>
 *   <li>decays β_g = σ(Dense_βg(h_p)), β_λ = σ(Dense_βλ(h_p));
 *   <li>for s = 0..S-1: ḡ_s ← b1 ḡ_s + (1 − b1) g, λ_s ← b2 λ_s + (1 − b2) g² with b1 = β_g^(0.5^s),
 *       b2 = β_λ^(0.5^s); m_s = ḡ_s / sqrt(λ_s + ε); γ_s = log(λ_s + ε) − mean_s log(λ_s + ε);
 *   <li>h_p' = GRU_param([m, γ, η_rel, h_t, h_g], h_p); h_t' = GRU_tensor([mean_n h_p', h_g], h_t);
 *   <li>η = Dense_Δη(h_p') + η̄; η̄' = σ(γ_lr) η̄ + (1 − σ(γ_lr)) η; η_rel' = η − mean(η);
 *   <li>delta = (exp(η) + lr_offset) (Dense_dθ(h_p') + Dense_shortcut(m)).
 * </ol>
 * After all tensors: h_g' = GRU_global(mean over tensors of h_t', h_g). Every tensor of a step reads the old h_g.
 *
 * <p>Not fusable: the tensor state and the tensor means make the step depend on how coordinates are grouped, so it
 * overrides {@link #update}. Weight names follow the original's object layout ({@code network/param_rnn/kernel},
 * ..., {@code network/gamma}). States start at zero: η̄ is stored as {@code eta_bar_shift} = η̄ − log(init_lr).
 * The original's warm-up keeps every new state (no {@code warmup_lstm_update}), so nothing is kept in warm-up.
 */
public final class ScaleHierarchical implements UpdateRule {
  private static final String NET = "network/";
  /** Prefix of the per-coordinate GRU's weights. */
  public static final String PARAM_RNN = NET + "param_rnn";
  /** Prefix of the per-tensor GRU's weights. */
  public static final String TENSOR_RNN = NET + "tensor_rnn";
  /** Prefix of the global GRU's weights. */
  public static final String GLOBAL_RNN = NET + "global_rnn";
  /** Prefix of the direction Dense. */
  public static final String D_THETA = NET + "d_theta";
  /** Prefix of the learning-rate change Dense. */
  public static final String DELTA_NU = NET + "delta_nu";
  /** Prefix of the momentum-decay Dense. */
  public static final String BETA_G = NET + "beta_g";
  /** Prefix of the variance-decay Dense. */
  public static final String BETA_LAMBDA = NET + "beta_lambda";
  /** Prefix of the gradient-shortcut Dense. */
  public static final String GRADIENT_SHORTCUT = NET + "gradient_shortcut";
  /** The logit of the learning-rate momentum (scalar). */
  public static final String GAMMA = NET + "gamma";

  private final ScaleConfig config;

  /**
   * The optimizer with the given settings.
   *
   * @param config the settings
   */
  public ScaleHierarchical(ScaleConfig config) {
    this.config = config;
  }

  /** {@return the settings} */
  public ScaleConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public List<WeightSpec> weightSpecs() {
    int pu = config.paramUnits();
    List<WeightSpec> specs = new ArrayList<>();
    specs.addAll(KerasGru.weightSpecs(PARAM_RNN, config.paramInputs(), pu));
    specs.addAll(KerasGru.weightSpecs(TENSOR_RNN, pu + config.globalUnits(), config.tensorUnits()));
    specs.addAll(KerasGru.weightSpecs(GLOBAL_RNN, config.tensorUnits(), config.globalUnits()));
    dense(specs, D_THETA, pu, Initializers.zeros());
    dense(specs, DELTA_NU, pu, Initializers.zeros());
    dense(specs, BETA_G, pu, Initializers.constant((float) config.momentumDecayBiasInit()));
    dense(specs, BETA_LAMBDA, pu, Initializers.constant((float) config.varianceDecayBiasInit()));
    if (config.useGradientShortcut()) {
      dense(specs, GRADIENT_SHORTCUT, config.timescales(), Initializers.zeros());
    }
    specs.add(new WeightSpec(GAMMA, Shape.scalar(), Initializers.constant((float) config.learningRateMomentumInit())));
    return specs;
  }

  /** A Dense(1) with a zero-initialised kernel, as every Dense of this policy. */
  private static void dense(List<WeightSpec> specs, String prefix, int inputs, org.l2o.core.policy.Initializer bias) {
    specs.add(new WeightSpec(prefix + "/kernel", Shape.of(inputs, 1), Initializers.zeros()));
    specs.add(new WeightSpec(prefix + "/bias", Shape.of(1), bias));
  }

  @Override
  public List<StateSpec> stateSpecs(Shape paramShape) {
    long n = paramShape.size();
    List<StateSpec> specs = new ArrayList<>();
    for (int s = 0; s < config.timescales(); s++) {
      specs.add(StateSpec.float32("scaling/" + s + "/g_bar", paramShape));
      specs.add(StateSpec.float32("scaling/" + s + "/lambda", paramShape));
    }
    specs.add(StateSpec.float32("param", Shape.of(n, config.paramUnits())));
    specs.add(StateSpec.float32("tensor", Shape.of(1, config.tensorUnits())));
    specs.add(StateSpec.float32("eta_bar_shift", paramShape));
    specs.add(StateSpec.float32("eta_rel", Shape.of(n, 1)));
    return specs;
  }

  @Override
  public List<StateSpec> globalStateSpecs() {
    return List.of(StateSpec.float32("global", Shape.of(1, config.globalUnits())));
  }

  /** Always refused: the step of one tensor needs the global state; callers use {@link #update}. */
  @Override
  public Step step(Ops tf, StepInput input) {
    throw new UnsupportedOperationException(name() + " is hierarchical (a global state over all tensors): it runs"
        + " through update(), not step()");
  }

  @Override
  @SuppressWarnings("unchecked")
  public Update update(Ops tf, UpdateInput in) {
    Operand<TFloat32> global = (Operand<TFloat32>) in.globalState().get(0);
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    List<List<Operand<?>>> states = new ArrayList<>();
    List<Operand<TFloat32>> tensorStates = new ArrayList<>();
    for (int i = 0; i < in.params().size(); i++) {
      Step s = tensorStep(tf, in.params().get(i), in.grads().get(i), in.states().get(i), global,
          in.weights().forTensor(i));
      deltas.add(s.delta());
      states.add(s.state());
      tensorStates.add((Operand<TFloat32>) s.state().get(2 * config.timescales() + 1));
    }
    Operand<TFloat32> meanTensor = tf.math.mean(tf.stack(tensorStates), tf.constant(0)); // [1, tu]
    Weights w = in.weights();
    Operand<TFloat32> globalNext = KerasGru.step(tf, meanTensor, global, w.get(tf, GLOBAL_RNN + "/kernel"),
        w.get(tf, GLOBAL_RNN + "/recurrent_kernel"), w.get(tf, GLOBAL_RNN + "/bias"));
    return new Update(deltas, states, List.of(globalNext));
  }

  /** x W + b of a Dense(1) as [n] (x is [n, in]). */
  private static Operand<TFloat32> dense1(Ops tf, Operand<TFloat32> x, Weights w, String prefix) {
    Operand<TFloat32> y = tf.nn.biasAdd(tf.linalg.matMul(x, w.get(tf, prefix + "/kernel")), w.get(tf, prefix + "/bias"));
    return tf.reshape(y, tf.constant(new long[] {-1}));
  }

  @SuppressWarnings("unchecked")
  private Step tensorStep(Ops tf, Operand<TFloat32> param, Operand<TFloat32> grad, List<Operand<?>> state,
      Operand<TFloat32> global, Weights w) {
    int ts = config.timescales();
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> eps = tf.constant((float) config.epsilon());
    Operand<TFloat32> g = tf.reshape(grad, tf.constant(new long[] {-1}));
    Operand<TFloat32> hp = (Operand<TFloat32>) state.get(2 * ts);
    Operand<TFloat32> ht = (Operand<TFloat32>) state.get(2 * ts + 1);
    Operand<TFloat32> etaBarShift = tf.reshape((Operand<TFloat32>) state.get(2 * ts + 2), tf.constant(new long[] {-1}));
    Operand<TFloat32> etaRel = (Operand<TFloat32>) state.get(2 * ts + 3);

    // 1. Decays from the previous per-coordinate state.
    Operand<TFloat32> betaG = tf.math.sigmoid(dense1(tf, hp, w, BETA_G));
    Operand<TFloat32> betaLambda = tf.math.sigmoid(dense1(tf, hp, w, BETA_LAMBDA));
    // 2. EMAs at every timescale, scaled momenta m_s and log magnitudes.
    List<Operand<?>> next = new ArrayList<>();
    List<Operand<TFloat32>> ms = new ArrayList<>();
    List<Operand<TFloat32>> logLambdas = new ArrayList<>();
    Operand<TFloat32> g2 = tf.math.square(g);
    for (int s = 0; s < ts; s++) {
      Operand<TFloat32> e = tf.constant((float) Math.pow(0.5, s));
      Operand<TFloat32> b1 = s == 0 ? betaG : tf.math.pow(betaG, e);
      Operand<TFloat32> b2 = s == 0 ? betaLambda : tf.math.pow(betaLambda, e);
      Operand<TFloat32> gBar = tf.reshape((Operand<TFloat32>) state.get(2 * s), tf.constant(new long[] {-1}));
      Operand<TFloat32> lambda = tf.reshape((Operand<TFloat32>) state.get(2 * s + 1), tf.constant(new long[] {-1}));
      Operand<TFloat32> gBarNext = tf.math.add(tf.math.mul(b1, gBar), tf.math.mul(tf.math.sub(one, b1), g));
      Operand<TFloat32> lambdaNext = tf.math.add(tf.math.mul(b2, lambda), tf.math.mul(tf.math.sub(one, b2), g2));
      next.add(tf.reshape(gBarNext, tf.shape(param)));
      next.add(tf.reshape(lambdaNext, tf.shape(param)));
      Operand<TFloat32> lambdaEps = tf.math.add(lambdaNext, eps);
      ms.add(tf.math.div(gBarNext, tf.math.sqrt(lambdaEps)));
      logLambdas.add(tf.math.log(lambdaEps));
    }
    Operand<TFloat32> m = tf.stack(ms, org.tensorflow.op.core.Stack.axis(1L)); // [n, S]
    Operand<TFloat32> logLambda = tf.stack(logLambdas, org.tensorflow.op.core.Stack.axis(1L));
    Operand<TFloat32> gamma = tf.math.sub(logLambda,
        tf.math.mean(logLambda, tf.constant(1), org.tensorflow.op.math.Mean.keepDims(true)));

    // 3. Per-coordinate GRU on [m, gamma, eta_rel, h_t, h_g].
    Operand<org.tensorflow.types.TInt32> tile = tf.stack(List.of(tf.size(g), tf.constant(1)));
    Operand<TFloat32> paramIn = tf.concat(List.of(m, gamma, etaRel, tf.tile(ht, tile), tf.tile(global, tile)),
        tf.constant(1));
    Operand<TFloat32> hpNext = KerasGru.step(tf, paramIn, hp, w.get(tf, PARAM_RNN + "/kernel"),
        w.get(tf, PARAM_RNN + "/recurrent_kernel"), w.get(tf, PARAM_RNN + "/bias"));
    // 4. Tensor GRU on [mean_n h_p', h_g].
    Operand<TFloat32> tensorIn = tf.concat(List.of(
        tf.math.mean(hpNext, tf.constant(0), org.tensorflow.op.math.Mean.keepDims(true)), global), tf.constant(1));
    Operand<TFloat32> htNext = KerasGru.step(tf, tensorIn, ht, w.get(tf, TENSOR_RNN + "/kernel"),
        w.get(tf, TENSOR_RNN + "/recurrent_kernel"), w.get(tf, TENSOR_RNN + "/bias"));

    // 5. Learning rate with its momentum; eta_bar = shift + log(init_lr).
    Operand<TFloat32> logInit = tf.constant((float) Math.log(config.initLr()));
    Operand<TFloat32> etaBar = tf.math.add(etaBarShift, logInit);
    Operand<TFloat32> eta = tf.math.add(dense1(tf, hpNext, w, DELTA_NU), etaBar);
    Operand<TFloat32> sg = tf.math.sigmoid(w.get(tf, GAMMA));
    Operand<TFloat32> etaBarNext = tf.math.add(tf.math.mul(sg, etaBar), tf.math.mul(tf.math.sub(one, sg), eta));
    Operand<TFloat32> etaRelNext = tf.reshape(tf.math.sub(eta, tf.math.mean(eta, tf.constant(0))),
        tf.constant(new long[] {-1, 1}));

    // 6. Direction with the gradient shortcut, scaled by exp(eta) + lr_offset.
    Operand<TFloat32> direction = dense1(tf, hpNext, w, D_THETA);
    if (config.useGradientShortcut()) {
      direction = tf.math.add(direction, dense1(tf, m, w, GRADIENT_SHORTCUT));
    }
    Operand<TFloat32> rate = tf.math.add(tf.math.exp(eta), tf.constant((float) config.lrOffset()));
    Operand<TFloat32> delta = tf.reshape(tf.math.mul(rate, direction), tf.shape(param));

    next.add(hpNext);
    next.add(htNext);
    next.add(tf.reshape(tf.math.sub(etaBarNext, logInit), tf.shape(param)));
    next.add(etaRelNext);
    return new Step(delta, next);
  }
}
