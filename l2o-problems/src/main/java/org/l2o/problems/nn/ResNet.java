package org.l2o.problems.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The original's ResNet (spec §9.3) of depth D and width k over explicit tensors: stem Conv3x3(16, same) -> BN ->
 * ReLU; three stages of N = floor((D - 4) / 6) blocks of widths 16k, 32k, 64k with MaxPool 2x2 (valid) after the
 * first two; a block is {@code shortcut(x) + body(x)} with no activation after the add, the shortcut x itself when
 * its channels equal the width and otherwise Conv1x1(width, linear), the body Conv3x3 -> BN -> ReLU -> Conv3x3 -> BN
 * -> ReLU; then global average pooling and Dense(classes) returning logits. Every convolution is Keras' default
 * Conv2D (stride 1, with bias: Glorot-uniform kernel, zero bias), every BN {@link BatchNorm#keras()}.
 *
 * <p>Parameters in layer order, Keras' weight order within a layer: {@code conv_<i>/kernel}, {@code conv_<i>/bias},
 * {@code bn_<j>/gamma}, {@code bn_<j>/beta}, ..., {@code dense_0/kernel}, {@code dense_0/bias}; within a block the
 * projection shortcut comes first. Model state: per BN {@code bn_<j>/moving_mean} and
 * {@code bn_<j>/moving_variance_minus_1} ({@link BatchNorm}).
 */
public final class ResNet {

  /** Channels of the stem and of stage 1 at width 1. */
  public static final int BASE_WIDTH = 16;

  private final Shape inputShape;
  private final int depth;
  private final int width;
  private final int classes;
  private final int blocksPerStage;
  private final BatchNorm bn = BatchNorm.keras();
  private final List<ParamSpec> params = new ArrayList<>();
  private final List<StateSpec> state = new ArrayList<>();
  private int convs;
  private int norms;

  /**
   * @param inputShape one image [H, W, C]; H and W must survive two 2x2 poolings
   * @param depth      D >= 10 (at least one block per stage)
   * @param width      k >= 1
   * @param classes    logits of the head
   */
  public ResNet(Shape inputShape, int depth, int width, int classes) {
    this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    Conv2DLayer.requireImage(inputShape);
    if (depth < 10 || width < 1 || classes < 2) {
      throw new IllegalArgumentException("ResNet needs depth >= 10, width >= 1 and classes >= 2, got depth " + depth
          + ", width " + width + ", classes " + classes);
    }
    if (inputShape.get(0) < 4 || inputShape.get(1) < 4) {
      throw new IllegalArgumentException("ResNet input " + inputShape + " is too small for two 2x2 poolings");
    }
    this.depth = depth;
    this.width = width;
    this.classes = classes;
    this.blocksPerStage = (depth - 4) / 6;
    long channels = inputShape.get(2);
    conv(3, channels, BASE_WIDTH);
    norm(BASE_WIDTH);
    channels = BASE_WIDTH;
    for (int stage = 0; stage < 3; stage++) {
      int w = stageWidth(stage);
      for (int b = 0; b < blocksPerStage; b++) {
        if (channels != w) {
          conv(1, channels, w);
        }
        conv(3, channels, w);
        norm(w);
        conv(3, w, w);
        norm(w);
        channels = w;
      }
    }
    params.add(new ParamSpec("dense_0/kernel", Shape.of(channels, classes), Initializers.glorotUniform()));
    params.add(new ParamSpec("dense_0/bias", Shape.of(classes), Initializers.zeros()));
  }

  private void conv(int k, long in, int out) {
    String p = "conv_" + convs++;
    params.add(new ParamSpec(p + "/kernel", Shape.of(k, k, in, out), Initializers.glorotUniform()));
    params.add(new ParamSpec(p + "/bias", Shape.of(out), Initializers.zeros()));
  }

  private void norm(int c) {
    String p = "bn_" + norms++;
    params.add(new ParamSpec(p + "/gamma", Shape.of(c), Initializers.ones()));
    params.add(new ParamSpec(p + "/beta", Shape.of(c), Initializers.zeros()));
    for (String name : BatchNorm.stateNames(p)) {
      state.add(StateSpec.float32(name, Shape.of(c)));
    }
  }

  /** Channels of stage 0, 1, 2: 16k, 32k, 64k. */
  public int stageWidth(int stage) {
    return BASE_WIDTH * width << stage;
  }

  /** Residual blocks per stage, floor((D - 4) / 6). */
  public int blocksPerStage() {
    return blocksPerStage;
  }

  /** Depth D. */
  public int depth() {
    return depth;
  }

  /** Width multiplier k. */
  public int width() {
    return width;
  }

  /** One image's shape. */
  public Shape inputShape() {
    return inputShape;
  }

  /** Number of logits. */
  public int classes() {
    return classes;
  }

  /** The parameter tensors, in order. */
  public List<ParamSpec> params() {
    return List.copyOf(params);
  }

  /** The batch-norm moving statistics (mean, variance minus 1 per BN), in order. */
  public List<StateSpec> stateSpecs() {
    return List.copyOf(state);
  }

  /**
   * Logits and the next model state.
   *
   * @param <T>    float32 or float64
   * @param logits [batch, classes]
   * @param state  the next moving statistics (unchanged in inference)
   */
  public record Forward<T extends TFloating>(Operand<T> logits, List<Operand<T>> state) {}

  /**
   * Builds the network.
   *
   * @param params   one tensor per {@link #params()} entry
   * @param state    one tensor per {@link #stateSpecs()} entry
   * @param x        [batch, H, W, C] images
   * @param training batch statistics (and updated moving averages) or the moving averages
   */
  public <T extends TFloating> Forward<T> apply(Ops tf, List<? extends Operand<T>> params,
      List<? extends Operand<T>> state, Operand<T> x, boolean training) {
    if (params.size() != this.params.size() || state.size() != this.state.size()) {
      throw new IllegalArgumentException("ResNet-" + depth + "-" + width + " has " + this.params.size()
          + " parameter and " + this.state.size() + " state tensors, got " + params.size() + " and " + state.size());
    }
    Cursor<T> c = new Cursor<>(tf, params, state, training);
    Operand<T> h = tf.nn.relu(c.norm(c.conv(x, "SAME")));
    long channels = BASE_WIDTH;
    for (int stage = 0; stage < 3; stage++) {
      int w = stageWidth(stage);
      for (int b = 0; b < blocksPerStage; b++) {
        Operand<T> shortcut = channels != w ? c.conv(h, "VALID") : h;
        Operand<T> body = tf.nn.relu(c.norm(c.conv(h, "SAME")));
        body = tf.nn.relu(c.norm(c.conv(body, "SAME")));
        h = tf.math.add(shortcut, body);
        channels = w;
      }
      if (stage < 2) {
        Operand<TInt32> window = tf.constant(new int[] {1, 2, 2, 1});
        h = tf.nn.maxPool(h, window, window, "VALID");
      }
    }
    Operand<T> pooled = tf.math.mean(h, tf.constant(new int[] {1, 2}));
    Operand<T> logits = tf.nn.biasAdd(tf.linalg.matMul(pooled, c.next()), c.next());
    return new Forward<>(logits, c.nextState);
  }

  /** Walks the parameter and state lists in construction order. */
  private final class Cursor<T extends TFloating> {
    private final Ops tf;
    private final List<? extends Operand<T>> params;
    private final List<? extends Operand<T>> state;
    private final boolean training;
    private final List<Operand<T>> nextState = new ArrayList<>();
    private int p;
    private int s;

    Cursor(Ops tf, List<? extends Operand<T>> params, List<? extends Operand<T>> state, boolean training) {
      this.tf = tf;
      this.params = params;
      this.state = state;
      this.training = training;
    }

    Operand<T> next() {
      return params.get(p++);
    }

    Operand<T> conv(Operand<T> x, String padding) {
      Operand<T> kernel = next();
      Operand<T> bias = next();
      return tf.nn.biasAdd(tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), padding), bias);
    }

    Operand<T> norm(Operand<T> x) {
      Operand<T> gamma = next();
      Operand<T> beta = next();
      BatchNorm.Normalized<T> out = bn.apply(tf, x, gamma, beta, state.get(s), state.get(s + 1), training);
      s += 2;
      nextState.add(out.movingMean());
      nextState.add(out.movingVarianceLess1());
      return out.y();
    }
  }
}
