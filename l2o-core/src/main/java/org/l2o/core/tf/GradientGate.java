package org.l2o.core.tf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.IdentityHashMap;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TType;

/**
 * Gradient gates: identities in the forward pass whose gradient is the incoming gradient where a boolean
 * condition holds and exactly zero where it does not. They contain non-finite values inside computations whose
 * results a mask discards: a {@code select} passes a zero gradient to its unused branch, but the ops behind that
 * branch multiply it by their local derivatives, and {@code 0 * NaN} is NaN (the log of a NaN loss, the tanh of a
 * NaN input). A gate on every input of such a computation, closed when its result is discarded, cuts that path
 * entirely, so a masked-out part of an unroll contributes 0, never NaN, to a meta-gradient.
 *
 * <p>The condition may be computed from the gated computation's own outputs (the step's update is NaN, the loss
 * is not finite): it is not an input of the gate op, so no cycle arises; it is attached with
 * {@link Group#close(Operand)} once known, and must be attached before gradients are added.
 *
 * <p>Implementation: a {@code Snapshot} op (an identity without a built-in gradient) whose gradient, registered
 * once in {@link CustomGradients}, looks its condition up in a table kept here per graph.
 */
public final class GradientGate {
  /** The op type of gates. */
  static final String OP_TYPE = "Snapshot";

  // Per graph: gate op name -> its condition. Looked up by the gradient function, which cannot ask the graph for
  // an operation by name (the graph's lock is held while gradients are added). The entries hold the graph, so
  // the owner releases them (release) once its gradients are built.
  private static final Map<ExecutionEnvironment, Map<String, Output<TBool>>> CONDITIONS = new IdentityHashMap<>();

  private GradientGate() {}

  /** A group of gates that share one condition, attached when it is known. */
  public static final class Group {
    private final Ops tf;
    private final List<String> gates = new ArrayList<>();
    private boolean closed;

    private Group(Ops tf) {
      this.tf = tf;
    }

    /**
     * Gates {@code x}: identity forward; gradient as described in {@link GradientGate}.
     *
     * @param <T> the element type
     * @param x the tensor to gate
     * @return the gated tensor, equal to {@code x}
     * @throws IllegalStateException if the group already has its condition
     */
    public <T extends TType> Operand<T> gate(Operand<T> x) {
      if (closed) {
        throw new IllegalStateException("this gate group already has its condition");
      }
      Operand<T> out = tf.withName("gate").snapshot(x);
      gates.add(out.op().name());
      return out;
    }

    /**
     * Attaches the condition (a boolean scalar): gradients pass where it is true.
     *
     * @param open the boolean scalar condition
     * @throws IllegalStateException if the group already has its condition
     */
    public void close(Operand<TBool> open) {
      if (closed) {
        throw new IllegalStateException("this gate group already has its condition");
      }
      closed = true;
      Output<TBool> condition = open.asOutput();
      synchronized (CONDITIONS) {
        Map<String, Output<TBool>> table = CONDITIONS.computeIfAbsent(tf.scope().env(), env -> new HashMap<>());
        gates.forEach(g -> table.put(g, condition));
      }
    }
  }

  /**
   * A new group of gates in the graph of {@code tf}.
   *
   * @param tf the ops factory of the graph the gates go into
   * @return the group, without a condition yet
   */
  public static Group group(Ops tf) {
    if (!(tf.scope().env() instanceof Graph)) {
      throw new IllegalStateException("gradient gates exist only in graphs");
    }
    CustomGradients.ensureRegistered();
    return new Group(tf);
  }

  /**
   * Forgets the conditions of the gates of {@code graph}: call once its gradients are added (or when it is
   * closed). Gradients of its gates added later fail with a clear message.
   *
   * @param graph the graph whose gate conditions are dropped
   */
  public static void release(ExecutionEnvironment graph) {
    synchronized (CONDITIONS) {
      CONDITIONS.remove(graph);
    }
  }

  /** The gradient of a gate: {@code select(condition, g, 0)}. */
  static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    Output<TBool> condition;
    synchronized (CONDITIONS) {
      Map<String, Output<TBool>> table = CONDITIONS.get(op.env());
      condition = table == null ? null : table.get(op.name());
    }
    if (condition == null) {
      throw new IllegalStateException("no gradient for op " + op.name() + " of type " + OP_TYPE
          + ": Snapshot ops are gradient gates of GradientGate, and this one has no condition attached (or its"
          + " graph released them)");
    }
    @SuppressWarnings("unchecked")
    Operand<TType> g = (Operand<TType>) grads.get(0);
    return List.of(tf.select(condition, g, tf.zerosLike(g)));
  }
}
