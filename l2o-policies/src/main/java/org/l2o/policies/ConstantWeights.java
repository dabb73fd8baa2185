package org.l2o.policies;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A trained policy's weights as graph constants (deployment): each weight becomes one constant per graph on
 * first use, so a user's {@code minimize} can never try to train them.
 */
public final class ConstantWeights implements Weights {
  private final List<WeightSpec> specs;
  private final Map<String, float[]> values;
  private final Map<ExecutionEnvironment, Map<String, Operand<TFloat32>>> constants = new HashMap<>();

  /**
   * @param specs  the policy's weight specs (names and shapes)
   * @param values a value for every spec, by name (copied)
   */
  public ConstantWeights(List<WeightSpec> specs, Map<String, float[]> values) {
    this.specs = List.copyOf(specs);
    this.values = new LinkedHashMap<>();
    for (WeightSpec spec : specs) {
      float[] v = values.get(spec.name());
      if (v == null || v.length != spec.shape().size()) {
        throw new IllegalArgumentException("weight '" + spec.name() + "' is missing or not of shape " + spec.shape());
      }
      this.values.put(spec.name(), v.clone());
    }
  }

  /**
   * The weight values by name (copies).
   *
   * @return a copy of each weight's values by name
   */
  public Map<String, float[]> values() {
    Map<String, float[]> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  @Override
  public synchronized Operand<TFloat32> get(Ops tf, String name) {
    Map<String, Operand<TFloat32>> perGraph = constants.computeIfAbsent(tf.scope().env(), env -> new HashMap<>());
    return perGraph.computeIfAbsent(name, n -> {
      WeightSpec spec = specs.stream().filter(s -> s.name().equals(n)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("the policy has no weight named '" + n + "'"));
      return tf.constant(spec.shape(), DataBuffers.of(values.get(n), true, false));
    });
  }
}
