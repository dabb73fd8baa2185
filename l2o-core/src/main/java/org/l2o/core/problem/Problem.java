package org.l2o.core.problem;

import java.util.List;
import org.l2o.core.data.ImageSet;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An optimizee: a "stateless" classifier over explicit parameter tensors plus the data it trains on.
 * The network is a pure graph function of its parameters, so the same definition serves plain training
 * (parameters are variables) and meta-training (parameters are tensors of an unrolled trajectory).
 */
public interface Problem {

  /** Registry key, e.g. {@code conv_train}. */
  String name();

  /** Parameter tensors in order: [kernel, bias] per layer. */
  List<ParamSpec> params();

  /** Minibatch size used for training and testing. */
  int batchSize();

  /** Default number of training epochs of an evaluation run. */
  int epochs();

  /**
   * Builds the logits of the network.
   *
   * @param params one tensor per {@link #params()} entry, same order and shapes
   * @param images NHWC float32 images in [0, 1]
   * @return logits of shape [batch, classes]
   */
  Operand<TFloat32> logits(Ops tf, List<? extends Operand<TFloat32>> params, Operand<TFloat32> images);

  /** Training split, loaded (and cached) on first use. */
  ImageSet trainData();

  /** Test split, loaded (and cached) on first use. */
  ImageSet testData();

  /** Total number of scalar parameters. */
  default long parameterCount() {
    return params().stream().mapToLong(ParamSpec::size).sum();
  }
}
