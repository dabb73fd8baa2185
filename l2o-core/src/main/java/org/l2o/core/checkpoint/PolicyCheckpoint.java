package org.l2o.core.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.train.HostTensor;
import org.l2o.core.train.OuterAdam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A policy's weights and its outer optimizer's state as a TensorFlow checkpoint, under the object-based keys
 * the original writes ({@code <weight>/.ATTRIBUTES/VARIABLE_VALUE},
 * {@code <weight>/.OPTIMIZER_SLOT/optimizer/m|v/.ATTRIBUTES/VARIABLE_VALUE},
 * {@code optimizer/iter/.ATTRIBUTES/VARIABLE_VALUE}), so the original's released checkpoints and ours are
 * read by the same code.
 */
public final class PolicyCheckpoint {
  private static final String VALUE = "/.ATTRIBUTES/VARIABLE_VALUE";
  private static final String ITER = "optimizer/iter" + VALUE;

  private PolicyCheckpoint() {}

  /**
   * Checkpoint key of a weight's value.
   *
   * @param name the weight's name, e.g. {@code network/recurrent/0/kernel}
   * @return {@code <name>/.ATTRIBUTES/VARIABLE_VALUE}
   */
  public static String weightKey(String name) {
    return name + VALUE;
  }

  /**
   * Checkpoint key of an outer-optimizer slot ("m" or "v") of a weight.
   *
   * @param name the weight's name
   * @param slot {@code "m"} or {@code "v"}
   * @return the slot's object-based key
   */
  public static String slotKey(String name, String slot) {
    return name + "/.OPTIMIZER_SLOT/optimizer/" + slot + VALUE;
  }

  /**
   * The variable name of a key: the key without the {@code /.ATTRIBUTES/VARIABLE_VALUE} suffix, if it has it.
   *
   * @param key a checkpoint key
   * @return the variable name
   */
  public static String nameOfKey(String key) {
    return key.endsWith(VALUE) ? key.substring(0, key.length() - VALUE.length()) : key;
  }

  /**
   * Whether {@code key} holds a weight of the policy: a variable value that is neither an outer-optimizer slot nor
   * the outer optimizer's own state ({@code optimizer/...}: its step count, and in the original's checkpoints its
   * hyper-parameters).
   *
   * @param key a checkpoint key
   * @return true for a policy weight's value
   */
  public static boolean isWeightKey(String key) {
    // save_counter: tf.train.Checkpoint's own count, in the original's checkpoints
    return key.endsWith(VALUE) && !key.contains("/.OPTIMIZER_SLOT/") && !key.startsWith("optimizer/")
        && !key.startsWith("save_counter/");
  }

  /**
   * Writes weights and outer optimizer state atomically.
   *
   * @param prefix the checkpoint's path prefix
   * @param specs the policy's weights
   * @param weights the weight values by name, one per spec
   * @param outer the outer optimizer whose iteration count and slots are saved; null to save the weights alone
   * @throws java.io.IOException if the bundle cannot be written
   */
  public static void write(Path prefix, Iterable<WeightSpec> specs, Map<String, float[]> weights, OuterAdam outer)
      throws IOException {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (WeightSpec spec : specs) {
      out.put(weightKey(spec.name()), HostTensor.of(spec.shape(), weights.get(spec.name())));
    }
    if (outer != null) {
      out.put(ITER, HostTensor.ofLongs(Shape.scalar(), new long[] {outer.iterations()}));
      for (WeightSpec spec : specs) {
        float[] m = outer.firstMoments().getOrDefault(spec.name(), new float[(int) spec.shape().size()]);
        float[] v = outer.secondMoments().getOrDefault(spec.name(), new float[(int) spec.shape().size()]);
        out.put(slotKey(spec.name(), "m"), HostTensor.of(spec.shape(), m));
        out.put(slotKey(spec.name(), "v"), HostTensor.of(spec.shape(), v));
      }
    }
    TensorCheckpoint.write(prefix, out);
  }

  /**
   * Reads the weights of a policy, checking every shape.
   *
   * @param prefix the checkpoint's path prefix
   * @param specs the policy's weights
   * @return the values by weight name, in {@code specs} order
   * @throws IOException naming the checkpoint and the weight if a key is missing or a shape differs
   */
  public static Map<String, float[]> readWeights(Path prefix, Iterable<WeightSpec> specs) throws IOException {
    Map<String, Class<? extends TType>> keys = new LinkedHashMap<>();
    for (WeightSpec spec : specs) {
      keys.put(weightKey(spec.name()), TFloat32.class);
    }
    Map<String, HostTensor> read = TensorCheckpoint.read(prefix, keys);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (WeightSpec spec : specs) {
      HostTensor t = read.get(weightKey(spec.name()));
      if (!t.shape().equals(spec.shape())) {
        throw new IOException("checkpoint " + prefix + ": weight '" + spec.name() + "' has shape " + t.shape()
            + ", expected " + spec.shape());
      }
      out.put(spec.name(), t.floats());
    }
    return out;
  }

  /**
   * Restores the outer optimizer's iteration count and slots from a checkpoint written by {@link #write}.
   *
   * @param prefix the checkpoint's path prefix
   * @param specs the policy's weights, whose slots are read
   * @param outer the optimizer to restore
   * @throws IOException naming the checkpoint and the key if a key is missing, a slot's shape differs from its
   *     weight's or the iteration count is not a non-negative scalar; {@code outer} is then unchanged
   */
  public static void readOptimizer(Path prefix, Iterable<WeightSpec> specs, OuterAdam outer) throws IOException {
    Map<String, Class<? extends TType>> keys = new LinkedHashMap<>();
    keys.put(ITER, TInt64.class);
    for (WeightSpec spec : specs) {
      keys.put(slotKey(spec.name(), "m"), TFloat32.class);
      keys.put(slotKey(spec.name(), "v"), TFloat32.class);
    }
    Map<String, HostTensor> read = TensorCheckpoint.read(prefix, keys);
    HostTensor iter = read.get(ITER);
    if (iter.shape().numDimensions() != 0) {
      throw new IOException("checkpoint " + prefix + ": " + ITER + " has shape " + iter.shape()
          + ", expected a scalar iteration count");
    }
    long iterations = iter.longs()[0];
    if (iterations < 0) {
      throw new IOException("checkpoint " + prefix + ": " + ITER + " holds " + iterations
          + ", expected a non-negative iteration count");
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    Map<String, float[]> v = new LinkedHashMap<>();
    for (WeightSpec spec : specs) {
      m.put(spec.name(), slot(prefix, read, spec, "m"));
      v.put(spec.name(), slot(prefix, read, spec, "v"));
    }
    outer.restore(iterations, m, v);
  }

  /** A slot must have its weight's shape: Adam updates the two element by element. */
  private static float[] slot(Path prefix, Map<String, HostTensor> read, WeightSpec spec, String slot)
      throws IOException {
    HostTensor t = read.get(slotKey(spec.name(), slot));
    if (!t.shape().equals(spec.shape())) {
      throw new IOException("checkpoint " + prefix + ": optimizer slot '" + slot + "' of weight '" + spec.name()
          + "' has shape " + t.shape() + ", expected " + spec.shape());
    }
    return t.floats();
  }
}
