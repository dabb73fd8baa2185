package org.l2o.eval.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.problem.Problem;
import org.l2o.core.random.Seeds;
import org.l2o.core.tf.TfSessions;
import org.l2o.policies.optimizer.PolicyOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The graph and session of one plain training run: a problem's network over fresh parameter variables and its
 * model state (batch-norm statistics, zeros at the start as {@link org.l2o.core.policy.StateSpec} says), on a fed
 * batch. A training batch is one {@link Session} run that fetches the loss and the number of correct predictions of
 * the pre-update parameters in training mode, hands the problem's own gradient ({@link Problem#lossAndGradient}:
 * plain back-propagation, or DP-SGD's clipped and noised one) to the optimizer's {@code applyGradients}, and writes
 * the next model state; a test batch evaluates in inference mode ({@code training=false}: batch norm's moving
 * averages, no DP noise) and changes nothing. A problem that {@linkplain Problem#usesRandomKey() draws random
 * numbers} gets one key per training step, derived from a seed drawn from the run's random source.
 */
public final class TrainingGraph implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TInt64> key;
  private final long keySeed;
  private long trainSteps;
  private final Operand<TFloat32> trainLoss;
  private final Operand<TFloat32> trainCorrect;
  private final Operand<TFloat32> testLoss;
  private final Operand<TFloat32> testCorrect;
  private final Op trainOp;
  private final int batchSize;
  private final Map<String, Operand<TFloat32>> debug = new LinkedHashMap<>();

  /**
   * Builds the graph and opens its session.
   *
   * @param problem      the optimizee
   * @param exampleShape [H, W, C] of one image
   * @param optimizer    creates the optimizer under test
   * @param rng          source of the initial parameters (and, after them, of the key seed of a random problem)
   */
  public TrainingGraph(Problem problem, Shape exampleShape, OptimizerFactory optimizer, Random rng) {
    this.batchSize = problem.batchSize();
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      Shape batchShape = Shape.of(batchSize, exampleShape.get(0), exampleShape.get(1), exampleShape.get(2));
      images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(batchShape));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize)));
      List<Variable<TFloat32>> params = new ArrayList<>();
      for (ParamSpec spec : problem.params()) {
        float[] init = spec.initializer().sample(spec.shape(), rng);
        params.add(tf.withName(spec.name().replace('/', '_'))
            .variable(tf.constant(spec.shape(), DataBuffers.of(init, true, false))));
      }
      List<Variable<?>> model = new ArrayList<>();
      for (StateSpec spec : problem.modelStateSpecs()) {
        model.add(zeros(tf.withName("model_" + spec.name().replaceAll("[^A-Za-z0-9_.-]", "_")), spec));
      }
      List<Operand<?>> modelIn = new ArrayList<>(model);
      if (problem.usesRandomKey()) {
        keySeed = rng.nextLong();
        key = tf.withName("key").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      } else {
        keySeed = 0;
        key = null;
      }
      Problem.Batch batch = new Problem.Batch(images, labels);
      Problem.ProblemInput train = new Problem.ProblemInput(params, modelIn, batch, true, key);
      Problem.LossAndGradient step = problem.lossAndGradient(tf, train);
      trainLoss = step.loss();
      trainCorrect = correct(tf, problem.predict(tf, train).logits());
      Problem.ProblemInput test = new Problem.ProblemInput(params, modelIn, batch, false, null);
      testLoss = problem.loss(tf, test).loss();
      testCorrect = correct(tf, problem.predict(tf, test).logits());

      // every write waits for the pre-update loss and predictions
      Ops after = tf.withControlDependencies(List.of(trainLoss, trainCorrect));
      List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        pairs.add(new GradAndVar<>(after.identity(step.gradients().get(i)).asOutput(), params.get(i).asOutput()));
      }
      Optimizer created = optimizer.create(graph);
      List<Op> writes = new ArrayList<>();
      writes.add(created.applyGradients(pairs, "train"));
      for (int i = 0; i < model.size(); i++) {
        writes.add(assign(after, model.get(i), step.modelState().get(i)));
      }
      trainOp = tf.withControlDependencies(writes).noOp();
      if (created instanceof PolicyOptimizer policy) {
        addDebug(tf, policy, params);
      }
      session = TfSessions.newSession(graph);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Number of correct predictions of a batch: argmax of the logits equal to the label. */
  private Operand<TFloat32> correct(Ops tf, Operand<TFloat32> logits) {
    return tf.reduceSum(tf.dtypes.cast(tf.math.equal(tf.math.argMax(logits, tf.constant(1), TInt32.class), labels),
        TFloat32.class), tf.constant(0));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Variable<?> zeros(Ops tf, StateSpec spec) {
    return tf.variable(tf.zeros(tf.constant(spec.shape().asArray()), (Class) spec.type()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Op assign(Ops tf, Variable<?> variable, Operand<?> value) {
    return tf.assign((Variable) variable, (Operand) value);
  }

  /**
   * The debug records of a policy optimizer: each float32 state of a variable whose name starts with {@code _}
   * (never read by the rule, spec §17: the choice weights {@code _choices}) divided by the variable's size, under
   * {@code <state>_<variable>} (the original's evaluation key {@code _choices_<var name>}).
   */
  private void addDebug(Ops tf, PolicyOptimizer policy, List<Variable<TFloat32>> params) {
    for (Variable<TFloat32> v : params) {
      for (StateSpec spec : policy.rule().stateSpecs(v.shape())) {
        if (spec.name().startsWith("_") && spec.type() == TFloat32.class) {
          Variable<TFloat32> slot = policy.<TFloat32>getSlot(v.asOutput(), spec.name()).orElseThrow();
          debug.put(spec.name() + "_" + v.op().name(), tf.math.div(slot, tf.constant((float) v.shape().size())));
        }
      }
    }
  }

  /** Whether the optimizer has debug records ({@link #debug()} is not empty). */
  public boolean hasDebug() {
    return !debug.isEmpty();
  }

  /** The optimizer's debug records now (after the last step), by result key. */
  public Map<String, float[]> debug() {
    Map<String, float[]> out = new LinkedHashMap<>();
    if (debug.isEmpty()) {
      return out;
    }
    Session.Runner runner = session.runner();
    debug.values().forEach(runner::fetch);
    try (Result result = runner.run()) {
      int i = 0;
      for (String key : debug.keySet()) {
        TFloat32 t = (TFloat32) result.get(i++);
        float[] values = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(values);
        out.put(key, values);
      }
    }
    return out;
  }

  /** Minibatch size the graph was built for. */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Runs one batch: returns {loss, number of correct predictions} of the current parameters and, when
   * {@code train} is true, applies one optimizer step with the problem's gradient and writes the next model state
   * (training mode); when false, evaluates in inference mode and changes nothing.
   *
   * @param imageBuf row-major NHWC images of one batch
   * @param labelBuf labels of one batch
   */
  public float[] run(float[] imageBuf, int[] labelBuf, boolean train) {
    try (TFloat32 x = TFloat32.tensorOf(images.shape(), DataBuffers.of(imageBuf, true, false));
        TInt32 y = TInt32.tensorOf(Shape.of(batchSize), DataBuffers.of(labelBuf, true, false));
        TInt64 k = train && key != null ? TInt64.vectorOf(Seeds.derive(keySeed, 2 * trainSteps),
            Seeds.derive(keySeed, 2 * trainSteps + 1)) : null) {
      Session.Runner runner = session.runner().feed(images, x).feed(labels, y);
      if (train) {
        runner.fetch(trainLoss).fetch(trainCorrect).addTarget(trainOp);
        if (k != null) {
          runner.feed(key, k);
        }
      } else {
        runner.fetch(testLoss).fetch(testCorrect);
      }
      try (Result result = runner.run()) {
        if (train) {
          trainSteps++;
        }
        return new float[] {((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()};
      }
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
