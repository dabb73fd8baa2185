package org.l2o.problems.dp;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.tf.Losses;
import org.l2o.problems.nn.Conv2DLayer;
import org.l2o.problems.nn.DenseLayer;
import org.l2o.problems.nn.Layer;
import org.l2o.problems.nn.StatelessNetwork;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TIntegral;

/**
 * Per-example gradients of the cross-entropy of a sequential network of VALID convolutions, dense layers and
 * parameterless layers, without one backward pass per example. Example i's loss depends only on example i, so one
 * backward pass of the summed loss to the pre-activations z = W * a + b of the layers gives every example's deltas;
 * each example's gradients are then batched contractions with the layer inputs: a dense kernel's is the outer product
 * a_i delta_i^T ({@code [B, in, 1] x [B, 1, out]}), a convolution kernel's is the product of the input's patches
 * ({@code ExtractImagePatches}, VALID, the kernel's stride) with the deltas over positions ({@code [B, P, k*k*cin]^T
 * x [B, P, cout]}), a bias's is the sum of the deltas over positions.
 */
public final class PerExampleGradients {

  private PerExampleGradients() {}

  /**
   * The per-example losses and gradients.
   *
   * @param <T>       float32 or float64
   * @param losses    [B] per-example cross-entropy
   * @param gradients one [B, ...shape] tensor per parameter tensor
   */
  public record Result<T extends TFloating>(Operand<T> losses, List<Operand<T>> gradients) {}

  /**
   * Builds the per-example gradients.
   *
   * @param network a sequential network whose layers with parameters are {@link Conv2DLayer} and {@link DenseLayer}
   * @param params  one tensor per network parameter
   * @param images  [B, ...] inputs of a static batch size
   * @param labels  [B] class indices
   * @throws IllegalArgumentException if a layer with parameters is of another kind
   */
  public static <T extends TFloating> Result<T> of(Ops tf, StatelessNetwork network, List<? extends Operand<T>> params,
      Operand<T> images, Operand<? extends TIntegral> labels) {
    long batch = images.shape().get(0);
    if (batch < 1) {
      throw new IllegalArgumentException("per-example gradients need a static batch size, got " + images.shape());
    }
    List<Operand<T>> inputs = new ArrayList<>();
    List<Operand<T>> preacts = new ArrayList<>();
    List<Layer> withParams = new ArrayList<>();
    Operand<T> h = images;
    int k = 0;
    for (Layer layer : network.layers()) {
      if (layer instanceof Conv2DLayer c) {
        Operand<T> z = tf.nn.biasAdd(tf.nn.conv2d(h, params.get(k), List.of(1L, (long) c.stride(), (long) c.stride(),
            1L), "VALID"), params.get(k + 1));
        inputs.add(h);
        preacts.add(z);
        withParams.add(layer);
        h = c.activation().apply(tf, z);
        k += 2;
      } else if (layer instanceof DenseLayer d) {
        long in = params.get(k).shape().get(0);
        Operand<T> flat = tf.reshape(h, tf.constant(new long[] {batch, in}));
        Operand<T> z = tf.nn.biasAdd(tf.linalg.matMul(flat, params.get(k)), params.get(k + 1));
        inputs.add(flat);
        preacts.add(z);
        withParams.add(layer);
        h = d.activation().apply(tf, z);
        k += 2;
      } else {
        Shape example = h.shape().size() > 0 ? Shape.of(java.util.Arrays.copyOfRange(h.shape().asArray(), 1,
            h.shape().numDimensions())) : h.shape();
        if (!layer.params("x", example).isEmpty()) {
          throw new IllegalArgumentException("per-example gradients support Conv2D and Dense layers with parameters, "
              + "not " + layer);
        }
        h = layer.apply(tf, List.of(), h);
      }
    }
    Operand<T> losses = Losses.sparseSoftmaxCrossEntropy(tf, h, labels);
    List<Operand<T>> deltas = gradients(tf, tf.reduceSum(losses, tf.constant(0)), preacts);
    List<Operand<T>> grads = new ArrayList<>();
    for (int i = 0; i < withParams.size(); i++) {
      Operand<T> a = inputs.get(i);
      Operand<T> delta = deltas.get(i);
      if (withParams.get(i) instanceof Conv2DLayer c) {
        long cin = a.shape().get(3);
        long cout = delta.shape().get(3);
        long kk = c.kernel();
        Operand<T> patches = tf.image.extractImagePatches(a, List.of(1L, kk, kk, 1L),
            List.of(1L, (long) c.stride(), (long) c.stride(), 1L), List.of(1L, 1L, 1L, 1L), "VALID");
        Operand<T> p = tf.reshape(patches, tf.constant(new long[] {batch, -1, kk * kk * cin}));
        Operand<T> d = tf.reshape(delta, tf.constant(new long[] {batch, -1, cout}));
        Operand<T> kernel = tf.train.batchMatMul(p, d, a.type(), BatchMatMul.adjX(true));
        grads.add(tf.reshape(kernel, tf.constant(new long[] {batch, kk, kk, cin, cout})));
        grads.add(tf.reduceSum(d, tf.constant(1)));
      } else {
        Operand<T> outer = tf.train.batchMatMul(tf.expandDims(a, tf.constant(2)), tf.expandDims(delta, tf.constant(1)),
            a.type());
        grads.add(outer);
        grads.add(delta);
      }
    }
    return new Result<>(losses, grads);
  }

  /** d y / d xs in the graph of {@code tf}, in the element type of y. */
  @SuppressWarnings("unchecked")
  static <T extends TFloating> List<Operand<T>> gradients(Ops tf, Operand<T> y, List<? extends Operand<T>> xs) {
    if (!(tf.scope().env() instanceof Graph graph)) {
      throw new IllegalStateException("gradients need a graph: TensorFlow Java computes none in eager mode");
    }
    Output<?>[] x = new Output<?>[xs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = xs.get(i).asOutput();
    }
    Output<?>[] g = graph.addGradients(y.asOutput(), x);
    List<Operand<T>> out = new ArrayList<>();
    for (int i = 0; i < g.length; i++) {
      if (g[i] == null) {
        throw new IllegalStateException("the loss does not depend on tensor " + i);
      }
      out.add((Operand<T>) g[i]);
    }
    return out;
  }
}
