package org.l2o.problems.nn;

import java.util.List;
import org.l2o.core.problem.ParamSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * One "stateless" layer (spec §3.3): a pure graph function of its input and of explicit parameter
 * tensors, which it never owns.
 */
public interface Layer {

  /** Short kind used in parameter names, e.g. {@code conv}, {@code pool}, {@code dense}. */
  String kind();

  /**
   * Shape of one output example for one input example of shape {@code input} (no batch axis).
   *
   * @throws IllegalArgumentException if the input does not fit (wrong rank, too small)
   */
  Shape outputShape(Shape input);

  /**
   * The layer's parameter tensors for an input example of shape {@code input}, in order [kernel, bias],
   * or none.
   *
   * @param prefix name prefix, e.g. {@code conv_0}
   */
  List<ParamSpec> params(String prefix, Shape input);

  /**
   * Builds the layer.
   *
   * @param params one tensor per {@link #params} entry, same order and shapes
   * @param x      a batch of inputs [batch, ...input]
   */
  <T extends TFloating> Operand<T> apply(Ops tf, List<? extends Operand<T>> params, Operand<T> x);
}
