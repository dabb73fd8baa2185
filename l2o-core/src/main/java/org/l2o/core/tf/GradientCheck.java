package org.l2o.core.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/**
 * Compares TensorFlow's analytic gradients ({@code addGradients}, including the gradients registered by
 * {@link CustomGradients}) with central finite differences, in float64. Meant for tests and diagnostics:
 * every op whose gradient the project relies on should be checked with it.
 *
 * <p>Second-order gradients are checked by applying {@link #compare} to {@link #gradientAlong}: the
 * gradient of {@code <grad f(x), v>} is the Hessian-vector product {@code H v}, and its finite
 * differences go through the first-order gradient graph.
 */
public final class GradientCheck {

  /** A scalar float64 function of float64 inputs, built into a graph. */
  @FunctionalInterface
  public interface ScalarFunction {
    /**
     * @param tf the ops factory of the graph being built
     * @param inputs one operand per {@link Input}, with that input's static shape
     * @return a scalar (rank 0) operand
     */
    Operand<TFloat64> build(Ops tf, List<Operand<TFloat64>> inputs);
  }

  /**
   * One input point: a float64 tensor given as its shape and row-major values.
   *
   * @param shape the tensor's shape
   * @param values its row-major values, {@code shape.size()} of them
   */
  public record Input(Shape shape, double[] values) {
    /**
     * Copies the values and checks their number.
     *
     * @param shape the tensor's shape
     * @param values its row-major values, {@code shape.size()} of them; copied
     * @throws IllegalArgumentException if the shape holds another number of values
     */
    public Input {
      Objects.requireNonNull(shape, "shape");
      values = values.clone();
      if (shape.size() != values.length) {
        throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got "
            + values.length);
      }
    }
  }

  /**
   * Outcome of a comparison.
   *
   * @param maxError       max over coordinates of |analytic - numeric| / max(1, |analytic|, |numeric|)
   * @param maxAbsAnalytic largest |analytic| (a check of an all-zero gradient proves little)
   * @param worstInput     input index of the worst coordinate
   * @param worstIndex     flat index of the worst coordinate within its input
   * @param analytic       analytic value at the worst coordinate
   * @param numeric        finite-difference value at the worst coordinate
   * @param checked        number of coordinates compared
   */
  public record Report(double maxError, double maxAbsAnalytic, int worstInput, int worstIndex,
      double analytic, double numeric, int checked) {
    @Override
    public String toString() {
      return String.format("maxError=%.3g at input %d index %d (analytic %.10g, numeric %.10g), "
          + "max|analytic|=%.3g, %d coordinates", maxError, worstInput, worstIndex, analytic, numeric,
          maxAbsAnalytic, checked);
    }
  }

  private GradientCheck() {}

  /**
   * Compares the analytic gradient of {@code f} at {@code inputs} with central differences
   * {@code (f(x + h e_i) - f(x - h e_i)) / 2h} at every coordinate.
   *
   * @param f the function
   * @param inputs the point, one value array per input
   * @param step h; use about 1e-5 for piecewise-smooth functions (ReLU, max-pool)
   * @return the worst relative difference and where it occurs
   */
  public static Report compare(ScalarFunction f, List<Input> inputs, double step) {
    CustomGradients.ensureRegistered();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat64>> xs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        xs.add(tf.withName("x" + i).placeholder(TFloat64.class, Placeholder.shape(inputs.get(i).shape())));
      }
      Operand<TFloat64> y = f.build(tf, xs);
      if (y.shape().numDimensions() != 0) {
        throw new IllegalArgumentException("the function must return a scalar, got shape " + y.shape());
      }
      Output<?>[] grads = g.addGradients(y.asOutput(), xs.stream().map(Operand::asOutput).toArray(Output[]::new));
      try (Session s = new Session(g)) {
        List<double[]> point = new ArrayList<>();
        for (Input in : inputs) {
          point.add(in.values().clone());
        }
        List<double[]> analytic = evalGradients(s, xs, inputs, point, grads);
        double maxError = -1;
        double maxAbs = 0;
        int wi = -1;
        int wj = -1;
        double wa = 0;
        double wn = 0;
        int checked = 0;
        for (int i = 0; i < inputs.size(); i++) {
          double[] x = point.get(i);
          for (int j = 0; j < x.length; j++) {
            double saved = x[j];
            x[j] = saved + step;
            double plus = evalScalar(s, xs, inputs, point, y);
            x[j] = saved - step;
            double minus = evalScalar(s, xs, inputs, point, y);
            x[j] = saved;
            double numeric = (plus - minus) / (2 * step);
            double a = analytic.get(i)[j];
            double err = Math.abs(a - numeric) / Math.max(1, Math.max(Math.abs(a), Math.abs(numeric)));
            if (Double.isNaN(err)) {
              err = Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, Math.abs(a));
            checked++;
            if (err > maxError) {
              maxError = err;
              wi = i;
              wj = j;
              wa = a;
              wn = numeric;
            }
          }
        }
        return new Report(maxError, maxAbs, wi, wj, wa, wn, checked);
      }
    }
  }

  /**
   * The function {@code x -> sum_i <d f / d x_i, v_i>}; its gradient is the Hessian-vector product of
   * {@code f} with direction {@code v}, so {@code compare(gradientAlong(f, v), ...)} checks the gradients
   * of the gradient ops.
   *
   * @param f the function
   * @param directions one direction per input, same sizes
   * @return the directional-derivative function of {@code f}
   */
  public static ScalarFunction gradientAlong(ScalarFunction f, List<double[]> directions) {
    return (tf, xs) -> {
      Operand<TFloat64> y = f.build(tf, xs);
      Graph g = (Graph) tf.scope().env();
      Output<?>[] grads = g.addGradients(y.asOutput(), xs.stream().map(Operand::asOutput).toArray(Output[]::new));
      Operand<TFloat64> sum = tf.constant(0.0);
      for (int i = 0; i < xs.size(); i++) {
        @SuppressWarnings("unchecked")
        Operand<TFloat64> gi = (Operand<TFloat64>) grads[i];
        Operand<TFloat64> v = tf.constant(xs.get(i).shape(), DataBuffers.of(directions.get(i), true, false));
        Operand<TFloat64> dot = tf.reduceSum(tf.math.mul(gi, v), allAxes(tf, xs.get(i).shape()));
        sum = tf.math.add(sum, dot);
      }
      return sum;
    };
  }

  /** The constant listing every axis of a tensor of rank {@code shape.numDimensions()}. */
  static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Shape shape) {
    int[] axes = new int[shape.numDimensions()];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return tf.constant(axes);
  }

  private static double evalScalar(Session s, List<Operand<TFloat64>> xs, List<Input> inputs,
      List<double[]> point, Operand<TFloat64> y) {
    List<TFloat64> fed = feedTensors(inputs, point);
    try {
      Session.Runner r = s.runner();
      for (int i = 0; i < xs.size(); i++) {
        r.feed(xs.get(i), fed.get(i));
      }
      try (Result res = r.fetch(y).run()) {
        return ((TFloat64) res.get(0)).getDouble();
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  private static List<double[]> evalGradients(Session s, List<Operand<TFloat64>> xs, List<Input> inputs,
      List<double[]> point, Output<?>[] grads) {
    List<TFloat64> fed = feedTensors(inputs, point);
    try {
      Session.Runner r = s.runner();
      for (int i = 0; i < xs.size(); i++) {
        r.feed(xs.get(i), fed.get(i));
      }
      for (Output<?> gr : grads) {
        r.fetch(gr);
      }
      List<double[]> out = new ArrayList<>();
      try (Result res = r.run()) {
        for (int i = 0; i < grads.length; i++) {
          double[] v = new double[inputs.get(i).values().length];
          ((TFloat64) res.get(i)).copyTo(DataBuffers.of(v, false, false));
          out.add(v);
        }
      }
      return out;
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  private static List<TFloat64> feedTensors(List<Input> inputs, List<double[]> point) {
    List<TFloat64> fed = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      fed.add(TFloat64.tensorOf(inputs.get(i).shape(), DataBuffers.of(point.get(i), true, false)));
    }
    return fed;
  }
}
