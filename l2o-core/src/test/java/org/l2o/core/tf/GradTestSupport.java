package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.l2o.core.tf.GradientCheck.Input;
import org.l2o.core.tf.GradientCheck.Report;
import org.l2o.core.tf.GradientCheck.ScalarFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/** Shared helpers of the gradient tests: random points, weighted sums, assertions. */
final class GradTestSupport {

  /** Central-difference step: small, since ReLU and max-pool are only piecewise smooth. */
  static final double STEP = 1e-5;
  /** Tolerance on max |a - n| / max(1, |a|, |n|). */
  static final double TOL = 1e-6;

  private GradTestSupport() {}

  static Input gaussian(Random rng, double scale, long... dims) {
    Shape s = Shape.of(dims);
    double[] v = new double[Math.toIntExact(s.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = scale * rng.nextGaussian();
    }
    return new Input(s, v);
  }

  static Input uniform(Random rng, double lo, double hi, long... dims) {
    Shape s = Shape.of(dims);
    double[] v = new double[Math.toIntExact(s.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return new Input(s, v);
  }

  static double[] gaussianArray(Random rng, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return v;
  }

  /** sum(W * y) for a fixed random W of y's (static) shape: a generic scalar probe of y. */
  static Operand<TFloat64> weightedSum(Ops tf, Operand<TFloat64> y, long seed) {
    Shape s = y.shape();
    double[] w = gaussianArray(new Random(seed), Math.toIntExact(s.size()));
    Operand<TFloat64> wc = tf.constant(s, DataBuffers.of(w, true, false));
    return tf.reduceSum(tf.math.mul(y, wc), GradientCheck.allAxes(tf, s));
  }

  static Operand<TFloat64> constant(Ops tf, Input in) {
    return tf.constant(in.shape(), DataBuffers.of(in.values(), true, false));
  }

  /** Checks f's gradient at the point and that it is not all zero; returns the report. */
  static Report assertGradient(ScalarFunction f, Input... inputs) {
    Report r = GradientCheck.compare(f, List.of(inputs), STEP);
    assertThat(r.maxError()).as(r.toString()).isLessThan(TOL);
    assertThat(r.maxAbsAnalytic()).as("gradient must not vanish: " + r).isGreaterThan(1e-3);
    return r;
  }

  /** Checks the Hessian-vector product of f along a random direction. */
  static Report assertHessianVectorProduct(ScalarFunction f, long seed, Input... inputs) {
    Random rng = new Random(seed);
    List<double[]> v = new ArrayList<>();
    for (Input in : inputs) {
      v.add(gaussianArray(rng, in.values().length));
    }
    return assertGradient(GradientCheck.gradientAlong(f, v), inputs);
  }

  /** Op types of the first-order gradient graph of f (to show which gradients a check exercises). */
  static Set<String> gradientOpTypes(ScalarFunction f, Input... inputs) {
    CustomGradients.ensureRegistered();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat64>> xs = new ArrayList<>();
      for (Input in : inputs) {
        xs.add(tf.placeholder(TFloat64.class, Placeholder.shape(in.shape())));
      }
      Operand<TFloat64> y = f.build(tf, xs);
      g.addGradients(y.asOutput(), xs.stream().map(Operand::asOutput).toArray(Output[]::new));
      Set<String> types = new HashSet<>();
      g.operations().forEachRemaining(op -> types.add(op.type()));
      return types;
    }
  }
}
