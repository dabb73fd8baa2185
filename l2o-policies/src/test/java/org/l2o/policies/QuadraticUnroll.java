package org.l2o.policies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A static unroll of an {@link UpdateRule} (through {@link UpdateRule#update}, so hierarchical rules run with
 * their global state) on the quadratic f(θ) = Σ_i ½ a_i θ_i² over several tensors: g_t = a ⊙ θ_t (an op of θ_t, so
 * the meta-gradient has its second-order paths), θ_{t+1} = θ_t − δ_t, loss = f(θ_K) − f(θ_0). The rule's weights are fed
 * placeholders: the same graph gives the per-step updates, the final global state, the loss and d loss / d weights
 * for any values, which is what golden tests and finite differences need.
 */
public final class QuadraticUnroll implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session = new Session(graph);
  private final List<WeightSpec> specs;
  private final Map<String, Placeholder<TFloat32>> weights = new LinkedHashMap<>();
  private final List<List<Operand<TFloat32>>> deltas = new ArrayList<>();
  private final List<Operand<?>> finalGlobal;
  private final Operand<TFloat32> loss;
  private final Output<?>[] gradients;

  /** The values of one run. */
  public record Run(float[][][] deltas, float[][] finalGlobal, double loss, Map<String, float[]> gradients) {}

  /**
   * @param rule   the rule
   * @param theta0 initial values per tensor
   * @param shapes the tensors' shapes
   * @param a      curvatures per tensor
   * @param steps  number of steps K
   */
  public QuadraticUnroll(UpdateRule rule, float[][] theta0, Shape[] shapes, float[][] a, int steps) {
    this(rule, theta0, shapes, a, steps, true);
  }

  /**
   * @param withGradients false to leave out d loss / d weights (empty in {@link Run#gradients()}), which is the
   *                      slow part of building a long unroll
   */
  @SuppressWarnings("unchecked")
  public QuadraticUnroll(UpdateRule rule, float[][] theta0, Shape[] shapes, float[][] a, int steps,
      boolean withGradients) {
    this.specs = rule.weightSpecs();
    Ops tf = Ops.create(graph);
    for (WeightSpec s : specs) {
      weights.put(s.name(), tf.placeholder(TFloat32.class, Placeholder.shape(s.shape())));
    }
    Weights w = (t, name) -> {
      Placeholder<TFloat32> p = weights.get(name);
      if (p == null) {
        throw new IllegalArgumentException("no weight " + name);
      }
      return p;
    };
    List<Operand<TFloat32>> theta = new ArrayList<>();
    List<Operand<TFloat32>> curv = new ArrayList<>();
    List<List<Operand<?>>> states = new ArrayList<>();
    for (int i = 0; i < shapes.length; i++) {
      theta.add(tf.constant(shapes[i], DataBuffers.of(theta0[i], true, false)));
      curv.add(tf.constant(shapes[i], DataBuffers.of(a[i], true, false)));
      List<Operand<?>> st = new ArrayList<>();
      for (StateSpec s : rule.stateSpecs(shapes[i])) {
        st.add(tf.zeros(tf.constant(s.shape()), TFloat32.class));
      }
      states.add(st);
    }
    List<Operand<?>> global = new ArrayList<>();
    for (StateSpec s : rule.globalStateSpecs()) {
      global.add(tf.zeros(tf.constant(s.shape()), TFloat32.class));
    }
    for (int t = 0; t < steps; t++) {
      List<Operand<TFloat32>> grads = new ArrayList<>();
      for (int i = 0; i < shapes.length; i++) {
        grads.add(tf.math.mul(curv.get(i), theta.get(i)));
      }
      UpdateRule.Update u = rule.update(tf,
          new UpdateRule.UpdateInput(theta, grads, states, global, w, StepContext.inference()));
      deltas.add(u.deltas());
      List<Operand<TFloat32>> next = new ArrayList<>();
      for (int i = 0; i < shapes.length; i++) {
        next.add(tf.math.sub(theta.get(i), u.deltas().get(i)));
      }
      theta = next;
      states = u.states();
      global = u.globalState();
    }
    this.finalGlobal = global;
    // f(θ_K) - f(θ_0) = Σ ½ a D (D + 2 θ_0) with D = θ_K - θ_0 = -Σ_t δ_t summed from the updates: the same gradient
    // as f(θ_K), with far less float32 rounding in the value (finite differences need it).
    Operand<TFloat32> l = tf.constant(0f);
    for (int i = 0; i < shapes.length; i++) {
      Operand<TFloat32> d = tf.math.neg(deltas.get(0).get(i));
      for (int t = 1; t < steps; t++) {
        d = tf.math.sub(d, deltas.get(t).get(i));
      }
      Operand<TFloat32> start = tf.constant(shapes[i], DataBuffers.of(theta0[i], true, false));
      Operand<TFloat32> f = tf.math.mul(tf.constant(0.5f), tf.math.mul(curv.get(i),
          tf.math.mul(d, tf.math.add(d, tf.math.mul(tf.constant(2f), start)))));
      l = tf.math.add(l, tf.reduceSum(tf.reshape(f, tf.constant(new long[] {-1})), tf.constant(0)));
    }
    this.loss = l;
    this.gradients = withGradients ? graph.addGradients(loss.asOutput(),
        weights.values().stream().map(Placeholder::asOutput).toArray(Output[]::new)) : new Output<?>[0];
  }

  /** Random values of every weight: U(-scale, scale) around {@code centre.get(name)} (default 0). */
  public static Map<String, float[]> randomWeights(List<WeightSpec> specs, Random rng, double scale,
      Map<String, Double> centre) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (WeightSpec s : specs) {
      float[] v = new float[(int) s.shape().size()];
      double c = centre.getOrDefault(s.name(), 0.0);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (c + scale * (2 * rng.nextDouble() - 1));
      }
      out.put(s.name(), v);
    }
    return out;
  }

  /** Runs the unroll with these weight values. */
  public Run run(Map<String, float[]> values) {
    List<TFloat32> fed = new ArrayList<>();
    try {
      Session.Runner r = session.runner();
      for (WeightSpec s : specs) {
        TFloat32 v = TFloat32.tensorOf(s.shape(), DataBuffers.of(values.get(s.name()), true, false));
        fed.add(v);
        r.feed(weights.get(s.name()), v);
      }
      for (List<Operand<TFloat32>> step : deltas) {
        step.forEach(r::fetch);
      }
      finalGlobal.forEach(r::fetch);
      r.fetch(loss);
      for (Output<?> gr : gradients) {
        r.fetch(gr);
      }
      try (Result res = r.run()) {
        int k = 0;
        float[][][] d = new float[deltas.size()][][];
        for (int t = 0; t < deltas.size(); t++) {
          d[t] = new float[deltas.get(t).size()][];
          for (int i = 0; i < d[t].length; i++) {
            d[t][i] = read(res.get(k++));
          }
        }
        float[][] gl = new float[finalGlobal.size()][];
        for (int i = 0; i < gl.length; i++) {
          gl[i] = read(res.get(k++));
        }
        double l = ((TFloat32) res.get(k++)).getFloat();
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (int j = 0; j < gradients.length; j++) {
          grads.put(specs.get(j).name(), read(res.get(k++)));
        }
        return new Run(d, gl, l, grads);
      }
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  /** (L(w + h e) - L(w - h e)) / 2h for weight {@code name}[{@code index}] (h as rounded to float32). */
  public double centralDifference(Map<String, float[]> w, String name, int index, float h) {
    Map<String, float[]> plus = new LinkedHashMap<>(w);
    Map<String, float[]> minus = new LinkedHashMap<>(w);
    float[] vp = w.get(name).clone();
    float[] vm = w.get(name).clone();
    vp[index] += h;
    vm[index] -= h;
    plus.put(name, vp);
    minus.put(name, vm);
    return (run(plus).loss() - run(minus).loss()) / ((double) vp[index] - vm[index]);
  }

  /**
   * Richardson extrapolation of two central differences, (4 D(h/2) - D(h)) / 3, which cancels their h² error
   * (float32 runs limit how small h can be).
   */
  public double extrapolatedDifference(Map<String, float[]> w, String name, int index, float h) {
    return (4 * centralDifference(w, name, index, h / 2) - centralDifference(w, name, index, h)) / 3;
  }

  private static float[] read(org.tensorflow.Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[(int) f.shape().size()];
    f.asRawTensor().data().asFloats().read(out);
    return out;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
