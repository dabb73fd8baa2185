package org.l2o.eval.functions;

import org.l2o.core.tf.TfSessions;
import org.l2o.eval.harness.OptimizerFactory;
import org.l2o.problems.functions.FunctionProblem;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The graph and session of one function-problem run: x as a variable initialised to 0, the run's coefficients
 * as constants, the loss and the optimizer's training op.
 */
final class FunctionTrainingGraph implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final Operand<TFloat32> loss;
  private final Op trainOp;
  private final Variable<TFloat32> x;

  FunctionTrainingGraph(FunctionProblem problem, FunctionProblem.Coefficients coefficients,
      OptimizerFactory optimizer) {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      x = tf.withName("x").variable(tf.zeros(tf.constant(Shape.of(problem.dimension())), TFloat32.class));
      loss = problem.loss(tf, x, coefficients);
      Optimizer created = optimizer.create(graph);
      trainOp = created.minimize(loss);
      session = TfSessions.newSession(graph);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * One step: the loss at the current x, then one update. Two session runs, so that the recorded loss is the
   * one before the update whatever the order TensorFlow runs the fetch and the update in.
   */
  float step() {
    float value;
    try (Result r = session.runner().fetch(loss).run()) {
      value = ((TFloat32) r.get(0)).getFloat();
    }
    session.runner().addTarget(trainOp).run().close();
    return value;
  }

  /** The current x. */
  float[] x() {
    try (Result r = session.runner().fetch(x).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloat(i);
      }
      return out;
    }
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
