package org.l2o.policies.choice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.random.RandomKeys;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A few steps of one rule on one parameter tensor chained in one graph (each step's state feeds the next), with
 * the rule's weights fed as placeholders: the deltas and states of every step, and gradients of a weighted sum of
 * the deltas with respect to the weights.
 */
final class ChoiceChain implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final Map<String, Placeholder<TFloat32>> weightInputs = new LinkedHashMap<>();
  private final List<Operand<TFloat32>> deltas = new ArrayList<>();
  private final List<List<Operand<?>>> states = new ArrayList<>();
  private final Placeholder<TFloat32> coefficients;
  private final Output<?>[] gradients;

  /**
   * @param rule     the rule
   * @param shape    the parameter's shape
   * @param grads    per step, the gradient (row-major)
   * @param time     the initial value of an int64 scalar state (the choice policy's counter)
   * @param training the training flag of every step
   * @param seed     seed of the steps' random keys, or null for none
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  ChoiceChain(UpdateRule rule, Shape shape, float[][] grads, long time, boolean training, Long seed) {
    Ops tf = Ops.create(graph);
    for (WeightSpec spec : rule.weightSpecs()) {
      weightInputs.put(spec.name(), tf.placeholder(TFloat32.class, Placeholder.shape(spec.shape())));
    }
    List<Operand<?>> state = new ArrayList<>();
    for (StateSpec spec : rule.stateSpecs(shape)) {
      state.add(spec.type() == TInt64.class ? tf.constant(time)
          : tf.zeros(tf.constant(spec.shape().asArray()), TFloat32.class));
    }
    Operand<TFloat32> param = tf.zeros(tf.constant(shape.asArray()), TFloat32.class);
    for (int t = 0; t < grads.length; t++) {
      Operand<TFloat32> grad = tf.constant(shape, DataBuffers.of(grads[t], true, false));
      StepContext context = new StepContext(training, null, seed == null ? null : RandomKeys.constant(tf, seed + t));
      UpdateRule.Step step = rule.step(tf, new UpdateRule.StepInput(param, grad, state,
          (tf2, name) -> weightInputs.get(name), context));
      deltas.add(step.delta());
      states.add(step.state());
      state = step.state();
    }
    coefficients = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(grads.length, shape.size())));
    Operand<TFloat32> objective = tf.constant(0f);
    for (int t = 0; t < grads.length; t++) {
      Operand<TFloat32> row = tf.reshape(tf.gather(coefficients, tf.constant(t), tf.constant(0)),
          tf.constant(shape.asArray()));
      objective = tf.math.add(objective, tf.reduceSum(tf.math.mul(row, deltas.get(t)),
          tf.constant(allAxes(shape.numDimensions()))));
    }
    List<Output<?>> xs = new ArrayList<>();
    weightInputs.values().forEach(p -> xs.add(p.asOutput()));
    gradients = rule.weightSpecs().isEmpty() ? new Output<?>[0]
        : graph.addGradients(objective.asOutput(), xs.toArray(new Output<?>[0]));
    session = new Session(graph);
  }

  private static int[] allAxes(int rank) {
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i;
    }
    return axes;
  }

  /** Values of one run. */
  record Values(List<float[]> deltas, List<List<Object>> states, Map<String, float[]> gradients) {}

  /** Runs the chain with the given weights and objective coefficients [steps][n] (may be null without gradients). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Values run(Map<String, float[]> weights, float[][] coeff) {
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner r = session.runner();
      weightInputs.forEach((name, p) -> {
        TFloat32 v = TFloat32.tensorOf(p.shape(), DataBuffers.of(weights.get(name), true, false));
        fed.add(v);
        r.feed(p, v);
      });
      if (coeff != null) {
        float[] flat = new float[coeff.length * coeff[0].length];
        for (int t = 0; t < coeff.length; t++) {
          System.arraycopy(coeff[t], 0, flat, t * coeff[0].length, coeff[0].length);
        }
        TFloat32 c = TFloat32.tensorOf(coefficients.shape(), DataBuffers.of(flat, true, false));
        fed.add(c);
        r.feed(coefficients, c);
      }
      deltas.forEach(r::fetch);
      states.forEach(s -> s.forEach(o -> r.fetch((Operand) o)));
      if (coeff != null) {
        for (Output<?> g : gradients) {
          r.fetch(g);
        }
      }
      try (Result res = r.run()) {
        int k = 0;
        List<float[]> d = new ArrayList<>();
        for (int t = 0; t < deltas.size(); t++) {
          d.add(floats(res.get(k++)));
        }
        List<List<Object>> s = new ArrayList<>();
        for (List<Operand<?>> step : states) {
          List<Object> values = new ArrayList<>();
          for (int j = 0; j < step.size(); j++) {
            Tensor tensor = res.get(k++);
            values.add(tensor instanceof TInt64 l ? (Object) l.getLong() : floats(tensor));
          }
          s.add(values);
        }
        Map<String, float[]> grads = new LinkedHashMap<>();
        if (coeff != null) {
          for (String name : weightInputs.keySet()) {
            grads.put(name, floats(res.get(k++)));
          }
        }
        return new Values(d, s, grads);
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  private static float[] floats(Tensor t) {
    float[] out = new float[(int) t.shape().size()];
    ((TFloat32) t).asRawTensor().data().asFloats().read(out);
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
