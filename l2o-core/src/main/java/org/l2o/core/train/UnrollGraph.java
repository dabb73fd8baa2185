package org.l2o.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.core.policy.Weights;
import org.l2o.core.problem.Problem;
import org.l2o.core.tf.CustomGradients;
import org.l2o.core.tf.Losses;
import org.l2o.core.tf.TfSessions;
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
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One truncation window of meta-training as one static graph (spec §5.3-§5.6), built once per (problem,
 * unroll length, mode) and run for every window with all values fed: the optimizee batches, the random
 * parameter scaling, the student's weights and the trajectories of the student and its teachers. Nothing in
 * the graph is a variable, so the graph is stateless and its size stays fixed over a run.
 *
 * <p>Modes: {@link Mode#TRAIN} builds the unroll, the meta and imitation losses and their gradient with
 * respect to the student's weights; {@link Mode#VALIDATE} the same without the gradient;
 * {@link Mode#WARMUP} the SGD warm-up unroll of spec §5.5.
 */
public final class UnrollGraph implements AutoCloseable {

  /** What the graph computes. */
  public enum Mode { TRAIN, VALIDATE, WARMUP }

  private final Graph graph;
  private final Session session;
  private final Mode mode;
  private final int unroll;
  private final int teacherCount;
  private final ParameterLayout layout;
  private final RuleSlots student;
  private final List<RuleSlots> teachers = new ArrayList<>();

  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> scale;
  private final Placeholder<TFloat32> metaWeight;
  private final Placeholder<TFloat32> imitationWeight;
  private final Placeholder<TFloat32> warmupRate;
  private final Map<String, Placeholder<TFloat32>> weightInputs = new LinkedHashMap<>();
  private final List<Placeholder<TFloat32>> thetaInputs = new ArrayList<>();
  private final List<List<Placeholder<?>>> stateInputs = new ArrayList<>();

  private final List<Operand<TFloat32>> thetaOutputs = new ArrayList<>();
  private final List<List<Operand<?>>> stateOutputs = new ArrayList<>();
  private Operand<TFloat32> metaLoss;
  private Operand<TFloat32> imitationLoss;
  private Operand<TFloat32> teacherCounts;
  private Operand<TFloat32> teacherDistances;
  private final Map<String, Operand<TFloat32>> gradients = new LinkedHashMap<>();
  private Placeholder<TFloat32> fixedGradients;
  private Operand<TFloat32> computedGradients;

  /**
   * Builds the graph and opens its session.
   *
   * @param problem      the optimizee (its network and batch size)
   * @param exampleShape [H, W, C] of one image
   * @param studentRule  the student policy
   * @param teacherSpecs the teachers, in order
   * @param transform    how the fed student weights are turned into the weights the policy reads
   * @param unroll       number of inner steps U
   * @param mode         what to build
   * @param options      the loss settings
   */
  public UnrollGraph(Problem problem, Shape exampleShape, UpdateRule studentRule, List<TeacherSpec> teacherSpecs,
      WeightTransform transform, int unroll, Mode mode, UnrollOptions options) {
    this(problem, exampleShape, studentRule, teacherSpecs, transform, unroll, mode, options, false);
  }

  /**
   * As the main constructor; with {@code fixedStudentGradients} the student's inner gradients are not
   * computed in the graph but fed ({@link WindowInput#studentGradients()}, [U, N]), and the gradients the
   * graph would have used are returned ({@link WindowOutput#studentGradients()}). This evaluates the unroll
   * with the inner gradients held fixed: the function whose derivative the first-order meta-gradient is,
   * used to check that derivative by finite differences.
   */
  public UnrollGraph(Problem problem, Shape exampleShape, UpdateRule studentRule, List<TeacherSpec> teacherSpecs,
      WeightTransform transform, int unroll, Mode mode, UnrollOptions options, boolean fixedStudentGradients) {
    if (unroll < 1) {
      throw new IllegalArgumentException("unroll length must be at least 1, got " + unroll);
    }
    CustomGradients.ensureRegistered();
    this.mode = mode;
    this.unroll = unroll;
    this.teacherCount = teacherSpecs.size();
    this.layout = new ParameterLayout(problem.params());
    this.student = new RuleSlots(studentRule, layout);
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      int batch = problem.batchSize();
      long n = layout.size();
      images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(
          Shape.of(unroll, batch, exampleShape.get(0), exampleShape.get(1), exampleShape.get(2))));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(unroll, batch)));
      scale = tf.withName("scale").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
      metaWeight = tf.withName("meta_weight").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      imitationWeight = tf.withName("imitation_weight").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      warmupRate = tf.withName("warmup_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      if (fixedStudentGradients) {
        if (mode == Mode.WARMUP) {
          throw new IllegalArgumentException("fixed student gradients apply to unrolls, not to warm-up");
        }
        fixedGradients = tf.withName("student_fixed_gradients")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(unroll, n)));
      }

      Map<String, Operand<TFloat32>> fedWeights = new LinkedHashMap<>();
      for (WeightSpec spec : studentRule.weightSpecs()) {
        Placeholder<TFloat32> p = tf.withName("weight_" + sanitize(spec.name()))
            .placeholder(TFloat32.class, Placeholder.shape(spec.shape()));
        weightInputs.put(spec.name(), p);
        fedWeights.put(spec.name(), p);
      }
      Weights studentWeights = transform.apply(tf, fedWeights, new StepContext(true, null, null));
      List<Weights> teacherWeights = new ArrayList<>();
      for (TeacherSpec t : teacherSpecs) {
        teachers.add(new RuleSlots(t.rule(), layout));
        teacherWeights.add(constantWeights(tf, t));
      }
      addTrajectoryInputs(tf, student, "student");
      for (int k = 0; k < teachers.size(); k++) {
        addTrajectoryInputs(tf, teachers.get(k), "teacher_" + k);
      }

      List<Operand<TFloat32>> stepImages = new ArrayList<>();
      tf.unstack(images, (long) unroll).forEach(stepImages::add);
      List<Operand<TInt32>> stepLabels = new ArrayList<>();
      tf.unstack(labels, (long) unroll).forEach(stepLabels::add);
      StepLoss loss = new StepLoss(tf, problem, layout, stepImages, stepLabels);

      if (mode == Mode.WARMUP) {
        buildWarmup(tf, loss, studentWeights, teacherWeights, options);
      } else {
        buildUnroll(tf, loss, studentWeights, teacherWeights, options);
      }
      session = TfSessions.newSession(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static Weights constantWeights(Ops tf, TeacherSpec teacher) {
    Map<String, Operand<TFloat32>> constants = new LinkedHashMap<>();
    teacher.weights().forEach((name, value) ->
        constants.put(name, tf.constant(value.shape(), DataBuffers.of(value.floats(), true, false))));
    return WeightTransform.IDENTITY.apply(tf, constants, StepContext.inference());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void addTrajectoryInputs(Ops tf, RuleSlots rule, String prefix) {
    thetaInputs.add(tf.withName(prefix + "_theta")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(layout.size()))));
    List<Placeholder<?>> states = new ArrayList<>();
    for (StateSpec spec : rule.stateSpecs()) {
      states.add(tf.withName(prefix + "_state_" + sanitize(spec.name()))
          .placeholder((Class) spec.type(), Placeholder.shape(spec.shape())));
    }
    stateInputs.add(states);
  }

  /** The loss of the optimizee at internal parameters theta~ (scaled by s) on the batch of one step. */
  private final class StepLoss {
    private final Ops tf;
    private final Problem problem;
    private final ParameterLayout layout;
    private final List<Operand<TFloat32>> stepImages;
    private final List<Operand<TInt32>> stepLabels;

    StepLoss(Ops tf, Problem problem, ParameterLayout layout, List<Operand<TFloat32>> stepImages,
        List<Operand<TInt32>> stepLabels) {
      this.tf = tf;
      this.problem = problem;
      this.layout = layout;
      this.stepImages = stepImages;
      this.stepLabels = stepLabels;
    }

    /** Loss at true parameters theta (flat [N]) on the batch of step {@code i}. */
    Operand<TFloat32> atTrue(Operand<TFloat32> theta, int i) {
      Operand<TFloat32> logits = problem.logits(tf, layout.split(tf, theta), stepImages.get(i));
      return Losses.meanSparseSoftmaxCrossEntropy(tf, logits, stepLabels.get(i));
    }
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> gradient(Graph graph, Operand<TFloat32> y, Operand<TFloat32> x) {
    Output<?>[] g = graph.addGradients(y.asOutput(), new Output<?>[] {x.asOutput()});
    if (g[0] == null) {
      throw new IllegalStateException("the optimizee loss does not depend on its parameters");
    }
    return (Operand<TFloat32>) g[0];
  }

  /** The student's (scaled) view: gradient with respect to theta~, through theta = theta~ * s. */
  private Operand<TFloat32>[] studentLossAndGradient(Ops tf, StepLoss loss, Operand<TFloat32> thetaTilde, int i,
      boolean secondOrder) {
    Operand<TFloat32> f = loss.atTrue(tf.math.mul(thetaTilde, scale), i);
    Operand<TFloat32> g = gradient(graph, f, thetaTilde);
    if (!secondOrder) {
      g = tf.stopGradient(g);
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat32>[] out = new Operand[] {f, g};
    return out;
  }

  /**
   * One step of a trajectory's rule. Returns the update in internal coordinates and the next state. Teachers
   * with oracle scaling see the true parameters and gradients and their update is mapped back with / s.
   */
  private UpdateRule.Step ruleStep(Ops tf, RuleSlots rule, boolean isStudent, boolean oracle,
      Operand<TFloat32> thetaTilde, Operand<TFloat32> gradTilde, List<Operand<?>> state, Weights weights) {
    if (isStudent || !oracle) {
      return rule.step(tf, thetaTilde, gradTilde, state, weights, isStudent);
    }
    Operand<TFloat32> theta = tf.math.mul(thetaTilde, scale);
    Operand<TFloat32> grad = tf.math.div(gradTilde, scale);
    UpdateRule.Step step = rule.step(tf, theta, grad, state, weights, false);
    return new UpdateRule.Step(tf.math.div(step.delta(), scale), step.state());
  }

  private void buildWarmup(Ops tf, StepLoss loss, Weights studentWeights, List<Weights> teacherWeights,
      UnrollOptions options) {
    Operand<TFloat32> theta = thetaInputs.get(0);
    List<List<Operand<?>>> states = new ArrayList<>();
    stateInputs.forEach(s -> states.add(new ArrayList<>(s)));
    for (int i = 0; i < unroll; i++) {
      Operand<TFloat32>[] fg = studentLossAndGradient(tf, loss, theta, i, false);
      Operand<TFloat32> g = tf.stopGradient(fg[1]);
      for (int k = 0; k <= teacherCount; k++) {
        RuleSlots rule = k == 0 ? student : teachers.get(k - 1);
        Weights w = k == 0 ? studentWeights : teacherWeights.get(k - 1);
        UpdateRule.Step step = ruleStep(tf, rule, k == 0, options.teacherOracleScaling(), theta, g, states.get(k), w);
        List<Operand<?>> kept = rule.warmupState(states.get(k), step.state());
        states.set(k, guardState(tf, step.delta(), states.get(k), kept));
      }
      theta = tf.math.sub(theta, tf.math.mul(warmupRate, g));
    }
    for (int k = 0; k <= teacherCount; k++) {
      addOutputs(tf, theta, states.get(k));
    }
  }

  /**
   * Registers a trajectory's outputs. Each is wrapped in its own identity op: a session cannot fetch one tensor
   * twice, and trajectories may share tensors (the common parameters after warm-up, a state a rule passes
   * through unchanged).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void addOutputs(Ops tf, Operand<TFloat32> theta, List<Operand<?>> states) {
    thetaOutputs.add(tf.identity(theta));
    List<Operand<?>> out = new ArrayList<>();
    for (Operand<?> s : states) {
      out.add(tf.identity((Operand) s));
    }
    stateOutputs.add(out);
  }

  /** Keeps the old state of a trajectory whose update contains NaN (the per-step guard of spec §5.2). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> guardState(Ops tf, Operand<TFloat32> delta, List<Operand<?>> oldState,
      List<Operand<?>> newState) {
    Operand<TBool> bad = tf.reduceAny(tf.math.isNan(delta), tf.constant(0));
    List<Operand<?>> out = new ArrayList<>();
    for (int j = 0; j < newState.size(); j++) {
      out.add(tf.select(bad, (Operand) oldState.get(j), (Operand) newState.get(j)));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void buildUnroll(Ops tf, StepLoss loss, Weights studentWeights, List<Weights> teacherWeights,
      UnrollOptions options) {
    int trajectories = teacherCount + 1;
    double eps = options.epsilon();
    Operand<TFloat32> epsilon = tf.constant((float) eps);
    Operand<TFloat32> logN = tf.constant((float) Math.log(layout.size()));
    Operand<TFloat32> initParams = tf.math.mul(thetaInputs.get(0), scale); // a fed value: constant w.r.t. phi
    List<Operand<TFloat32>> thetas = new ArrayList<>(thetaInputs);
    List<List<Operand<?>>> states = new ArrayList<>();
    stateInputs.forEach(s -> states.add(new ArrayList<>(s)));
    Operand<TBool> alive = tf.constant(true);
    Operand<TFloat32> meta = tf.constant(0f);
    Operand<TFloat32> imitation = tf.constant(0f);
    Operand<TFloat32> counts = tf.zeros(tf.constant(new long[] {Math.max(teacherCount, 1)}), TFloat32.class);
    List<Operand<TFloat32>> distancesPerStep = new ArrayList<>();
    boolean secondOrder = mode == Mode.TRAIN && options.secondOrder();
    List<Operand<TFloat32>> fixed = new ArrayList<>();
    List<Operand<TFloat32>> computed = new ArrayList<>();
    if (fixedGradients != null) {
      tf.unstack(fixedGradients, (long) unroll).forEach(fixed::add);
    }

    for (int i = 0; i < unroll; i++) {
      float w = (float) options.unrollWeight().weight(i, unroll);
      Operand<TFloat32> fStudent = null;
      List<Operand<TFloat32>> nextThetas = new ArrayList<>();
      for (int k = 0; k < trajectories; k++) {
        boolean isStudent = k == 0;
        Operand<TFloat32> f;
        Operand<TFloat32> g;
        if (isStudent) {
          Operand<TFloat32>[] fg = studentLossAndGradient(tf, loss, thetas.get(0), i, secondOrder);
          f = fg[0];
          g = fg[1];
          fStudent = f;
          if (fixedGradients != null) {
            computed.add(tf.stopGradient(g));
            g = fixed.get(i);
          }
        } else {
          // Teachers are constants with respect to the student's weights: no second-order path needed.
          Operand<TFloat32>[] fg = studentLossAndGradient(tf, loss, thetas.get(k), i, false);
          g = tf.stopGradient(fg[1]);
        }
        RuleSlots rule = isStudent ? student : teachers.get(k - 1);
        Weights weights = isStudent ? studentWeights : teacherWeights.get(k - 1);
        UpdateRule.Step step = ruleStep(tf, rule, isStudent, options.teacherOracleScaling(), thetas.get(k), g,
            states.get(k), weights);
        Operand<TBool> bad = tf.reduceAny(tf.math.isNan(step.delta()), tf.constant(0));
        Operand<TFloat32> guarded = tf.select(bad,
            options.zeroOnNan() ? tf.zerosLike(thetas.get(k)) : thetas.get(k),
            tf.math.sub(thetas.get(k), step.delta()));
        // Once the window has stopped, no trajectory moves any more.
        nextThetas.add(tf.select(alive, guarded, thetas.get(k)));
        List<Operand<?>> guardedState = guardState(tf, step.delta(), states.get(k), step.state());
        List<Operand<?>> nextState = new ArrayList<>();
        for (int j = 0; j < guardedState.size(); j++) {
          nextState.add(tf.select(alive, (Operand) guardedState.get(j), (Operand) states.get(k).get(j)));
        }
        states.set(k, nextState);
      }
      thetas = nextThetas;

      Operand<TFloat32> initObj = options.scaleObjective() ? loss.atTrue(initParams, i) : tf.constant(1f);
      Operand<TBool> ok = tf.math.isFinite(fStudent);
      if (options.objTrainMaxMultiplier() > 0) {
        Operand<TFloat32> limit = tf.math.add(
            tf.math.mul(tf.constant((float) (options.objTrainMaxMultiplier() - 1)), tf.math.abs(initObj)), initObj);
        ok = tf.math.logicalAnd(ok, tf.math.lessEqual(fStudent, limit));
      }
      alive = tf.math.logicalAnd(alive, ok);
      Operand<TFloat32> metaTerm = options.useLogObjective()
          ? tf.math.sub(tf.math.log(tf.math.add(fStudent, epsilon)), tf.math.log(tf.math.add(initObj, epsilon)))
          : tf.math.div(fStudent, tf.math.add(initObj, epsilon));
      meta = tf.math.add(meta, tf.select(alive, tf.math.mul(tf.constant(w), metaTerm), tf.constant(0f)));

      if (teacherCount > 0) {
        List<Operand<TFloat32>> d = new ArrayList<>();
        for (int k = 1; k < trajectories; k++) {
          Operand<TFloat32> diff = tf.math.sub(thetas.get(0), thetas.get(k));
          Operand<TFloat32> sum = tf.reduceSum(distanceTerm(tf, diff, options.huberDelta()), tf.constant(0));
          d.add(tf.math.sub(tf.math.log(tf.math.add(sum, epsilon)), logN));
        }
        Operand<TFloat32> dk = tf.stack(d);
        distancesPerStep.add(dk);
        Operand<TFloat32> reduced = options.reduce() == UnrollOptions.Reduce.MAX
            ? tf.reduceMax(dk, tf.constant(0))
            : tf.math.mean(dk, tf.constant(0));
        Operand<TFloat32> term = options.useLogObjective() ? reduced : tf.math.exp(reduced);
        imitation = tf.math.add(imitation, tf.select(alive, tf.math.mul(tf.constant(w), term), tf.constant(0f)));
        Operand<TFloat32> winner = tf.oneHot(tf.math.argMax(dk, tf.constant(0)), tf.constant(teacherCount),
            tf.constant(1f), tf.constant(0f));
        counts = tf.math.add(counts, tf.select(alive, winner, tf.zerosLike(winner)));
      }
    }
    if (fixedGradients != null) {
      computedGradients = tf.stack(computed);
    }
    metaLoss = tf.identity(meta);
    imitationLoss = tf.identity(imitation);
    teacherCounts = counts;
    teacherDistances = teacherCount > 0 ? tf.stack(distancesPerStep) : tf.zeros(tf.constant(new long[] {unroll, 0}), TFloat32.class);
    for (int k = 0; k < trajectories; k++) {
      addOutputs(tf, thetas.get(k), states.get(k));
    }
    if (mode == Mode.TRAIN && !weightInputs.isEmpty() && unroll == 1 && teacherCount == 0) {
      // The only term is step 0's log ratio, exactly 0 and independent of the weights (the last update only
      // enters the imitation loss): the meta-gradient is zero, and TensorFlow refuses an unreachable gradient.
      weightInputs.forEach((name, w) -> gradients.put(name, tf.zerosLike(w)));
    } else if (mode == Mode.TRAIN && !weightInputs.isEmpty()) {
      Operand<TFloat32> total = tf.math.add(tf.math.mul(metaWeight, meta), tf.math.mul(imitationWeight, imitation));
      List<Placeholder<TFloat32>> ws = new ArrayList<>(weightInputs.values());
      Output<?>[] xs = new Output<?>[ws.size()];
      for (int j = 0; j < xs.length; j++) {
        xs[j] = ws.get(j).asOutput();
      }
      Output<?>[] gs = graph.addGradients(total.asOutput(), xs);
      int j = 0;
      for (String name : weightInputs.keySet()) {
        Operand<TFloat32> g = gs[j] == null ? tf.zerosLike(ws.get(j)) : (Operand<TFloat32>) gs[j];
        gradients.put(name, g);
        j++;
      }
    }
  }

  private static Operand<TFloat32> distanceTerm(Ops tf, Operand<TFloat32> diff, double huberDelta) {
    Operand<TFloat32> half = tf.constant(0.5f);
    if (huberDelta < 0) {
      return tf.math.mul(half, tf.math.square(diff));
    }
    Operand<TFloat32> delta = tf.constant((float) huberDelta);
    Operand<TFloat32> abs = tf.math.abs(diff);
    Operand<TFloat32> quadratic = tf.math.mul(half, tf.math.square(diff));
    Operand<TFloat32> linear = tf.math.mul(delta, tf.math.sub(abs, tf.math.mul(half, delta)));
    return tf.select(tf.math.lessEqual(abs, delta), quadratic, linear);
  }

  /** Inputs of one window. */
  public record WindowInput(
      float[] images,
      int[] labels,
      float[] scale,
      Map<String, HostTensor> weights,
      List<Trajectory> trajectories,
      float metaWeight,
      float imitationWeight,
      float warmupRate,
      float[] studentGradients) {

    /** A window input without fixed student gradients. */
    public WindowInput(float[] images, int[] labels, float[] scale, Map<String, HostTensor> weights,
        List<Trajectory> trajectories, float metaWeight, float imitationWeight, float warmupRate) {
      this(images, labels, scale, weights, trajectories, metaWeight, imitationWeight, warmupRate, null);
    }
  }

  /**
   * Outputs of one window.
   *
   * @param trajectories     student then teachers after the window
   * @param metaLoss         the window's meta loss (NaN-free terms only, spec §5.3)
   * @param imitationLoss    the window's imitation loss (unweighted by p_teacher)
   * @param teacherCounts    per teacher, the number of steps at which it was the farthest (won the max)
   * @param teacherDistances [U, K] log distances D_k per step
   * @param gradients        d(w_meta L_meta + w_imit L_imit) / d weights (TRAIN only)
   * @param studentGradients the student's inner gradients [U, N] (graphs built with fixed student gradients)
   */
  public record WindowOutput(
      List<Trajectory> trajectories,
      float metaLoss,
      float imitationLoss,
      float[] teacherCounts,
      float[] teacherDistances,
      Map<String, float[]> gradients,
      float[] studentGradients) {}

  /** Runs one window. */
  public WindowOutput run(WindowInput in) {
    int trajectories = teacherCount + 1;
    if (in.trajectories().size() != trajectories) {
      throw new IllegalArgumentException("expected " + trajectories + " trajectories, got " + in.trajectories().size());
    }
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      feed(runner, fed, images, TFloat32.tensorOf(images.shape(), DataBuffers.of(in.images(), true, false)));
      feed(runner, fed, labels, TInt32.tensorOf(labels.shape(), DataBuffers.of(in.labels(), true, false)));
      feed(runner, fed, scale, TFloat32.tensorOf(scale.shape(), DataBuffers.of(in.scale(), true, false)));
      if (mode == Mode.WARMUP) {
        feed(runner, fed, warmupRate, TFloat32.scalarOf(in.warmupRate()));
      }
      if (mode == Mode.TRAIN) {
        feed(runner, fed, metaWeight, TFloat32.scalarOf(in.metaWeight()));
        feed(runner, fed, imitationWeight, TFloat32.scalarOf(in.imitationWeight()));
      }
      if (fixedGradients != null) {
        if (in.studentGradients() == null) {
          throw new IllegalArgumentException("this graph needs the student's inner gradients fed");
        }
        feed(runner, fed, fixedGradients,
            TFloat32.tensorOf(fixedGradients.shape(), DataBuffers.of(in.studentGradients(), true, false)));
      }
      for (Map.Entry<String, Placeholder<TFloat32>> e : weightInputs.entrySet()) {
        HostTensor w = in.weights().get(e.getKey());
        if (w == null) {
          throw new IllegalArgumentException("no value fed for weight '" + e.getKey() + "'");
        }
        feed(runner, fed, e.getValue(), w.toTensor());
      }
      for (int k = 0; k < trajectories; k++) {
        Trajectory t = in.trajectories().get(k);
        feed(runner, fed, thetaInputs.get(k), t.theta().toTensor());
        List<Placeholder<?>> ph = stateInputs.get(k);
        if (t.states().size() != ph.size()) {
          throw new IllegalArgumentException("trajectory " + k + " has " + t.states().size() + " states, expected " + ph.size());
        }
        for (int j = 0; j < ph.size(); j++) {
          feed(runner, fed, ph.get(j), t.states().get(j).toTensor());
        }
      }
      for (int k = 0; k < trajectories; k++) {
        runner.fetch(thetaOutputs.get(k));
        stateOutputs.get(k).forEach(runner::fetch);
      }
      if (mode != Mode.WARMUP) {
        runner.fetch(metaLoss).fetch(imitationLoss).fetch(teacherCounts).fetch(teacherDistances);
        gradients.values().forEach(runner::fetch);
        if (computedGradients != null) {
          runner.fetch(computedGradients);
        }
      }
      try (Result result = runner.run()) {
        int idx = 0;
        List<Trajectory> out = new ArrayList<>();
        for (int k = 0; k < trajectories; k++) {
          HostTensor theta = HostTensor.copyOf(result.get(idx++));
          List<HostTensor> st = new ArrayList<>();
          for (int j = 0; j < stateOutputs.get(k).size(); j++) {
            st.add(HostTensor.copyOf(result.get(idx++)));
          }
          out.add(new Trajectory(theta, st));
        }
        if (mode == Mode.WARMUP) {
          return new WindowOutput(out, Float.NaN, Float.NaN, new float[0], new float[0], Map.of(), null);
        }
        float meta = ((TFloat32) result.get(idx++)).getFloat();
        float imit = ((TFloat32) result.get(idx++)).getFloat();
        float[] counts = HostTensor.copyOf(result.get(idx++)).floats();
        float[] distances = HostTensor.copyOf(result.get(idx++)).floats();
        Map<String, float[]> grads = new LinkedHashMap<>();
        for (String name : gradients.keySet()) {
          grads.put(name, HostTensor.copyOf(result.get(idx++)).floats());
        }
        float[] studentGrads = computedGradients == null ? null : HostTensor.copyOf(result.get(idx++)).floats();
        return new WindowOutput(out, meta, imit, teacherCount == 0 ? new float[0] : counts, distances, grads,
            studentGrads);
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  private static void feed(Session.Runner runner, List<Tensor> fed, Operand<?> input, Tensor value) {
    fed.add(value);
    runner.feed(input, value);
  }

  /** Number of inner steps U. */
  public int unroll() {
    return unroll;
  }

  /** What the graph computes. */
  public Mode mode() {
    return mode;
  }

  /** The parameter layout of the optimizee. */
  public ParameterLayout layout() {
    return layout;
  }

  /** The student's rule applied over the layout (for fresh trajectories). */
  public RuleSlots studentSlots() {
    return student;
  }

  /** The teachers' rules applied over the layout. */
  public List<RuleSlots> teacherSlots() {
    return List.copyOf(teachers);
  }

  /** Number of operations in the graph (for the benchmark and the flat-size check). */
  public long operationCount() {
    long count = 0;
    var it = graph.operations();
    while (it.hasNext()) {
      it.next();
      count++;
    }
    return count;
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
