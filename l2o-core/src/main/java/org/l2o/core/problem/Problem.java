package org.l2o.core.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.tf.Losses;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An optimizee as pure graph functions of explicit parameter tensors (learned_optimization's
 * {@code tasks/base.py}: {@code init(key)}, {@code loss(params, state, key, data)}), so that the same definition
 * serves plain training (parameters are variables) and meta-training (parameters are tensors of an unrolled
 * trajectory). Its data come from a dataset bound elsewhere (for image classifiers, {@code ImageClassifier}).
 *
 * <p>A problem implements {@link #logits} (classifiers) or overrides {@link #loss}; a problem whose gradient is
 * not the plain gradient of its loss (DP-SGD: per-example clipping and noise) overrides {@link #lossAndGradient}.
 * A problem with model state (batch-norm statistics) declares it in {@link #modelStateSpecs()} and returns its
 * next value from {@link #loss}.
 */
public interface Problem {

  /**
   * Registry key, e.g. {@code conv_train}.
   *
   * @return the name
   */
  String name();

  /**
   * Parameter tensors in order: [kernel, bias] per layer.
   *
   * @return the parameter specs
   */
  List<ParamSpec> params();

  /**
   * Minibatch size used for training and testing.
   *
   * @return the batch size B
   */
  int batchSize();

  /**
   * Default number of training epochs of an evaluation run.
   *
   * @return the number of epochs
   */
  int epochs();

  /**
   * Shape of one input example, e.g. [H, W, C] of an image.
   *
   * @return the shape, without the batch axis
   */
  Shape inputShape();

  /**
   * Model state besides the parameters (e.g. batch-norm moving statistics); empty for stateless networks.
   *
   * @return the model state's specs
   */
  default List<StateSpec> modelStateSpecs() {
    return List.of();
  }

  /**
   * Initial parameters: one row-major array per {@link #params()} entry, from each spec's initializer.
   *
   * @param rng the random source of the initializers
   * @return the initial values, row-major, one array per parameter tensor
   */
  default List<float[]> init(Random rng) {
    List<float[]> out = new ArrayList<>();
    for (ParamSpec spec : params()) {
      out.add(spec.initializer().sample(spec.shape(), rng));
    }
    return out;
  }

  /**
   * Builds the logits of a classifier network.
   *
   * @param tf the ops factory of the graph being built
   * @param params one tensor per {@link #params()} entry, same order and shapes
   * @param inputs a batch of inputs, e.g. NHWC float32 images in [0, 1]
   * @return logits of shape [batch, classes]
   * @throws UnsupportedOperationException if the problem is not a classifier (it then overrides {@link #loss})
   */
  default Operand<TFloat32> logits(Ops tf, List<? extends Operand<TFloat32>> params, Operand<TFloat32> inputs) {
    throw new UnsupportedOperationException(name() + " is not a classifier: it defines loss(), not logits()");
  }

  /**
   * The logits of a classifier on a batch in the input's mode (training: batch statistics; inference: the model
   * state) and the next model state. The default is {@link #logits} with the model state unchanged; a problem with
   * model state (batch norm) overrides this instead of {@link #logits}.
   *
   * @param tf the ops factory of the graph being built
   * @param in the parameters, model state, batch, mode and key
   * @return the logits [batch, classes] and the next model state
   * @throws UnsupportedOperationException if the problem is not a classifier
   */
  default Prediction predict(Ops tf, ProblemInput in) {
    return new Prediction(logits(tf, in.params(), in.batch().inputs()), in.modelState());
  }

  /**
   * The loss of {@code params} on a batch (default: mean sparse softmax cross-entropy of the logits of
   * {@link #predict}) and the next model state (default: that of {@link #predict}).
   *
   * @param tf the ops factory of the graph being built
   * @param in the parameters, model state, batch, mode and key
   * @return the scalar loss and the next model state
   */
  default LossOutput loss(Ops tf, ProblemInput in) {
    Prediction p = predict(tf, in);
    return new LossOutput(Losses.meanSparseSoftmaxCrossEntropy(tf, p.logits(), in.batch().labels()), p.modelState());
  }

  /**
   * Whether {@link #lossAndGradient} draws stateless random numbers from {@link ProblemInput#key()} in training
   * (DP-SGD noise). A training harness then feeds a fresh key per training step, derived from the run's random
   * source; for other problems it feeds none and draws nothing from that source.
   *
   * @return true if the problem draws random numbers in training
   */
  default boolean usesRandomKey() {
    return false;
  }

  /**
   * The loss, its gradient with respect to each parameter tensor, and the next model state. The default is the
   * gradient of {@link #loss} (differentiable again, so meta-gradients can keep second-order terms).
   *
   * @param tf the ops factory of the graph being built
   * @param in the parameters, model state, batch, mode and key
   * @return the loss, one gradient per parameter tensor and the next model state
   */
  default LossAndGradient lossAndGradient(Ops tf, ProblemInput in) {
    LossOutput out = loss(tf, in);
    return new LossAndGradient(out.loss(), gradients(tf, out.loss(), in.params()), out.modelState());
  }

  /**
   * Total number of scalar parameters.
   *
   * @return the sum of the parameter tensors' sizes
   */
  default long parameterCount() {
    return params().stream().mapToLong(ParamSpec::size).sum();
  }

  /**
   * d y / d xs in a graph (TensorFlow Java has no gradient tape: gradients exist only in graph mode).
   *
   * @param tf the ops factory of the graph (an {@code Ops} on a {@code Graph})
   * @param y the scalar to differentiate
   * @param xs the tensors to differentiate by
   * @return one gradient per element of {@code xs}, each its shape
   * @throws IllegalStateException if {@code y} does not depend on some {@code x}
   */
  @SuppressWarnings("unchecked")
  static List<Operand<TFloat32>> gradients(Ops tf, Operand<TFloat32> y, List<? extends Operand<TFloat32>> xs) {
    ExecutionEnvironment env = tf.scope().env();
    if (!(env instanceof Graph graph)) {
      throw new IllegalStateException("gradients need a graph: TensorFlow Java computes none in eager mode");
    }
    Output<?>[] x = new Output<?>[xs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = xs.get(i).asOutput();
    }
    Output<?>[] g = graph.addGradients(y.asOutput(), x);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < g.length; i++) {
      if (g[i] == null) {
        throw new IllegalStateException("the loss does not depend on parameter " + i);
      }
      out.add((Operand<TFloat32>) g[i]);
    }
    return out;
  }

  /**
   * Inputs of a loss evaluation.
   *
   * @param params     one tensor per {@link #params()} entry
   * @param modelState the model state in {@link #modelStateSpecs()} order
   * @param batch      the data
   * @param training   training mode (batch statistics, dropout) or inference
   * @param key        int64 [2] key for stateless random ops (DP noise), or null
   */
  record ProblemInput(List<? extends Operand<TFloat32>> params, List<Operand<?>> modelState, Batch batch,
      boolean training, Operand<org.tensorflow.types.TInt64> key) {
    /**
     * Copies the lists.
     *
     * @param params one tensor per {@link #params()} entry
     * @param modelState the model state in {@link #modelStateSpecs()} order
     * @param batch the data
     * @param training training mode or inference
     * @param key int64 [2] key for stateless random ops, or null
     */
    public ProblemInput {
      params = List.copyOf(params);
      modelState = List.copyOf(modelState);
    }

    /**
     * Stateless inputs in training mode without a random key.
     *
     * @param params one tensor per {@link #params()} entry
     * @param batch the data
     * @return the inputs, with no model state and no key
     */
    public static ProblemInput of(List<? extends Operand<TFloat32>> params, Batch batch) {
      return new ProblemInput(params, List.of(), batch, true, null);
    }
  }

  /**
   * A batch: inputs (e.g. [B, H, W, C] images) and int32 labels [B].
   *
   * @param inputs the inputs, e.g. [B, H, W, C] float32 images
   * @param labels the int32 labels [B]
   */
  record Batch(Operand<TFloat32> inputs, Operand<org.tensorflow.types.TInt32> labels) {}

  /**
   * Logits [batch, classes] and the next model state.
   *
   * @param logits the logits [batch, classes]
   * @param modelState the next model state
   */
  record Prediction(Operand<TFloat32> logits, List<Operand<?>> modelState) {
    /**
     * Copies the model state list.
     *
     * @param logits the logits [batch, classes]
     * @param modelState the next model state
     */
    public Prediction {
      modelState = List.copyOf(modelState);
    }
  }

  /**
   * The scalar loss and the next model state.
   *
   * @param loss the scalar loss
   * @param modelState the next model state
   */
  record LossOutput(Operand<TFloat32> loss, List<Operand<?>> modelState) {
    /**
     * Copies the model state list.
     *
     * @param loss the scalar loss
     * @param modelState the next model state
     */
    public LossOutput {
      modelState = List.copyOf(modelState);
    }
  }

  /**
   * The scalar loss, one gradient per parameter tensor, and the next model state.
   *
   * @param loss the scalar loss
   * @param gradients one gradient per parameter tensor, each its shape
   * @param modelState the next model state
   */
  record LossAndGradient(Operand<TFloat32> loss, List<Operand<TFloat32>> gradients, List<Operand<?>> modelState) {
    /**
     * Copies the lists.
     *
     * @param loss the scalar loss
     * @param gradients one gradient per parameter tensor, each its shape
     * @param modelState the next model state
     */
    public LossAndGradient {
      gradients = List.copyOf(gradients);
      modelState = List.copyOf(modelState);
    }
  }
}
