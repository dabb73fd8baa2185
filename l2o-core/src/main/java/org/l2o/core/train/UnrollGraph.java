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
import org.l2o.core.random.RandomKeys;
import org.l2o.core.random.Seeds;
import org.l2o.core.tf.CustomGradients;
import org.l2o.core.tf.GradientGate;
import org.l2o.core.tf.TfSessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One truncation window of meta-training as one static graph (spec §5.3-§5.6), built once per (problem,
 * unroll length, mode) and run for every window with all values fed: the optimizee batches, the random
 * parameter scaling, the student's weights, a random key, and the trajectories of the student and its teachers.
 * Nothing in the graph is a variable, so the graph is stateless and its size stays fixed over a run.
 *
 * <p>Modes: {@link Mode#TRAIN} builds the unroll, the meta and imitation losses and their gradient with
 * respect to the student's weights; {@link Mode#VALIDATE} the same without the gradient;
 * {@link Mode#WARMUP} the SGD warm-up unroll of spec §5.5.
 *
 * <p>Windows that stop early (stop rule, non-finite loss) or whose update is guarded (NaN delta) are trained
 * on their valid part, as the original's {@code break} does: every input of a computation whose result a mask
 * discards passes through a {@link GradientGate} closed by that mask, so the discarded part contributes exactly
 * zero to the meta-gradient instead of {@code 0 * NaN}.
 *
 * <p>Randomness: the fed key (int64 [2]) is folded with the step index and the trajectory index into each
 * step's {@link StepContext} key; policies and perturbations draw from it with stateless ops, so the same
 * inputs give the same outputs.
 */
public final class UnrollGraph implements WindowGraph {

  /** What the graph computes. */
  public enum Mode {
    /** The unroll, the meta and imitation losses and their gradient with respect to the student's weights. */
    TRAIN,
    /** The unroll and the losses, without the gradient. */
    VALIDATE,
    /** The SGD warm-up unroll of spec §5.5. */
    WARMUP
  }

  private final Graph graph;
  private final Session session;
  private final Problem problem;
  private final Mode mode;
  private final int unroll;
  private final int teacherCount;
  private final ParameterLayout layout;
  private final RuleSlots student;
  private final WeightTransform transform;
  private final List<RuleSlots> teachers = new ArrayList<>();
  private final List<StateSpec> modelSpecs;
  private final UnrollOptions.UnrollWeight unrollWeight;

  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> scale;
  private final Placeholder<TInt64> key;
  private final Placeholder<TFloat32> metaWeight;
  private final Placeholder<TFloat32> imitationWeight;
  private final Placeholder<TFloat32> warmupRate;
  private final Map<String, Placeholder<TFloat32>> weightInputs = new LinkedHashMap<>();
  private final List<Placeholder<TFloat32>> thetaInputs = new ArrayList<>();
  private final List<List<Placeholder<?>>> stateInputs = new ArrayList<>();
  private final List<List<Placeholder<?>>> modelInputs = new ArrayList<>();

  private final List<Operand<TFloat32>> thetaOutputs = new ArrayList<>();
  private final List<List<Operand<?>>> stateOutputs = new ArrayList<>();
  private final List<List<Operand<?>>> modelOutputs = new ArrayList<>();
  private Operand<TFloat32> metaLoss;
  private Operand<TFloat32> imitationLoss;
  private Operand<TFloat32> teacherCounts;
  private Operand<TFloat32> teacherDistances;
  private Operand<TFloat32> countedSteps;
  private final Map<String, Operand<TFloat32>> gradients = new LinkedHashMap<>();
  private Placeholder<TFloat32> fixedGradients;
  private Operand<TFloat32> computedGradients;

  // Segment graphs (SegmentedUnroll): one segment of a longer window, with its boundary fed and differentiated.
  private final boolean segment;
  private Placeholder<TInt64> stepSalts;
  private Placeholder<TFloat32> stepWeights;
  private Placeholder<TBool> aliveIn;
  private Placeholder<TFloat32> startTheta;
  private final List<Placeholder<?>> startModel = new ArrayList<>();
  private Operand<TBool> aliveOut;
  /**
   * Values of a segment that no meta-gradient goes through, fetched by its forward run and fed to its backward run
   * so that it does not compute them again: the teachers' parameters after each step, the losses at the window's
   * start (scale_objective), and in first order the student's inner losses and gradients (the meta-backward reads
   * only their values: see {@link #lossWithKnownGradient}).
   */
  private final List<Operand<TFloat32>> recorded = new ArrayList<>();
  /** The student's differentiable boundary: float tensors of (theta, states, model state), in that order. */
  private final List<Placeholder<TFloat32>> boundaryAdjoints = new ArrayList<>();
  private final List<Operand<TFloat32>> boundaryGradients = new ArrayList<>();
  private final List<Integer> boundaryIndices = new ArrayList<>();

  /**
   * Builds the graph and opens its session.
   *
   * @param problem      the optimizee (its loss, gradient, input shape and batch size)
   * @param studentRule  the student policy
   * @param teacherSpecs the teachers, in order
   * @param transform    how the fed student weights are turned into the weights the policy reads
   * @param unroll       number of inner steps U
   * @param mode         what to build
   * @param options      the loss settings
   */
  public UnrollGraph(Problem problem, UpdateRule studentRule, List<TeacherSpec> teacherSpecs,
      WeightTransform transform, int unroll, Mode mode, UnrollOptions options) {
    this(problem, studentRule, teacherSpecs, transform, unroll, mode, options, false);
  }

  /**
   * As the main constructor; with {@code fixedStudentGradients} the student's inner gradients are not
   * computed in the graph but fed ({@link WindowInput#studentGradients()}, [U, N]), and the gradients the
   * graph would have used are returned ({@link WindowOutput#studentGradients()}). This evaluates the unroll
   * with the inner gradients held fixed: the function whose derivative the first-order meta-gradient is,
   * used to check that derivative by finite differences.
   *
   * @param problem the optimizee
   * @param studentRule the student policy
   * @param teacherSpecs the teachers, in order
   * @param transform how the fed student weights are turned into the weights the policy reads
   * @param unroll number of inner steps U
   * @param mode what to build
   * @param options the loss settings
   * @param fixedStudentGradients whether the student's inner gradients are fed instead of computed
   */
  public UnrollGraph(Problem problem, UpdateRule studentRule, List<TeacherSpec> teacherSpecs,
      WeightTransform transform, int unroll, Mode mode, UnrollOptions options, boolean fixedStudentGradients) {
    this(problem, studentRule, teacherSpecs, transform, unroll, mode, options, fixedStudentGradients, false);
  }

  /**
   * As the main constructor; with {@code segment} (TRAIN only) the graph is one segment of a longer window, run by
   * {@link SegmentedUnroll}: the steps' keys and loss weights, whether the window is still alive, and the window's
   * start (for the scaled objective) are fed, and the gradient also reaches the student's incoming trajectory,
   * seeded with fed adjoints of its outgoing one.
   */
  UnrollGraph(Problem problem, UpdateRule studentRule, List<TeacherSpec> teacherSpecs, WeightTransform transform,
      int unroll, Mode mode, UnrollOptions options, boolean fixedStudentGradients, boolean segment) {
    if (unroll < 1) {
      throw new IllegalArgumentException("unroll length must be at least 1, got " + unroll);
    }
    CustomGradients.ensureRegistered();
    this.problem = problem;
    this.mode = mode;
    this.unroll = unroll;
    this.teacherCount = teacherSpecs.size();
    this.transform = transform;
    this.layout = new ParameterLayout(problem.params());
    this.student = new RuleSlots(studentRule, layout, !transform.drawsPerUse());
    this.modelSpecs = List.copyOf(problem.modelStateSpecs());
    this.unrollWeight = options.unrollWeight();
    if (segment && (mode != Mode.TRAIN || fixedStudentGradients)) {
      throw new IllegalArgumentException("segment graphs are TRAIN graphs without fixed gradients, got " + mode);
    }
    this.segment = segment;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      int batch = problem.batchSize();
      long n = layout.size();
      Shape input = problem.inputShape();
      long[] imageShape = new long[input.numDimensions() + 2];
      imageShape[0] = unroll;
      imageShape[1] = batch;
      for (int d = 0; d < input.numDimensions(); d++) {
        imageShape[d + 2] = input.get(d);
      }
      images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(imageShape)));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(unroll, batch)));
      scale = tf.withName("scale").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
      key = tf.withName("key").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
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
      if (segment) {
        stepSalts = tf.withName("step_salts").placeholder(TInt64.class, Placeholder.shape(Shape.of(unroll, 2)));
        stepWeights = tf.withName("step_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(unroll)));
        aliveIn = tf.withName("alive_in").placeholder(TBool.class, Placeholder.shape(Shape.scalar()));
        startTheta = tf.withName("start_theta").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
        for (StateSpec spec : modelSpecs) {
          startModel.add(placeholder(tf, "start_model_" + sanitize(spec.name()), spec));
        }
      }

      for (WeightSpec spec : studentRule.weightSpecs()) {
        Placeholder<TFloat32> p = tf.withName("weight_" + sanitize(spec.name()))
            .placeholder(TFloat32.class, Placeholder.shape(spec.shape()));
        weightInputs.put(spec.name(), p);
      }
      List<Weights> teacherWeights = new ArrayList<>();
      for (TeacherSpec t : teacherSpecs) {
        teachers.add(new RuleSlots(t.rule(), layout));
        teacherWeights.add(constantWeights(tf, t));
      }
      addTrajectoryInputs(tf, student, "student");
      for (int k = 0; k < teachers.size(); k++) {
        addTrajectoryInputs(tf, teachers.get(k), "teacher_" + k);
      }

      List<Problem.Batch> batches = new ArrayList<>();
      List<Operand<TFloat32>> stepImages = new ArrayList<>();
      tf.unstack(images, (long) unroll).forEach(stepImages::add);
      List<Operand<TInt32>> stepLabels = new ArrayList<>();
      tf.unstack(labels, (long) unroll).forEach(stepLabels::add);
      for (int i = 0; i < unroll; i++) {
        batches.add(new Problem.Batch(stepImages.get(i), stepLabels.get(i)));
      }

      if (mode == Mode.WARMUP) {
        buildWarmup(tf, batches, teacherWeights, options);
      } else {
        buildUnroll(tf, batches, teacherWeights, options);
      }
      session = TfSessions.newStatelessSession(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    } finally {
      GradientGate.release(graph); // the gradients are built: the gate conditions are no longer needed
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
  private static Placeholder<?> placeholder(Ops tf, String name, StateSpec spec) {
    return tf.withName(name).placeholder((Class) spec.type(), Placeholder.shape(spec.shape()));
  }

  private void addTrajectoryInputs(Ops tf, RuleSlots rule, String prefix) {
    thetaInputs.add(tf.withName(prefix + "_theta")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(layout.size()))));
    List<Placeholder<?>> states = new ArrayList<>();
    for (StateSpec spec : rule.stateSpecs()) {
      states.add(placeholder(tf, prefix + "_state_" + sanitize(spec.name()), spec));
    }
    stateInputs.add(states);
    List<Placeholder<?>> model = new ArrayList<>();
    for (StateSpec spec : modelSpecs) {
      model.add(placeholder(tf, prefix + "_model_" + sanitize(spec.name()), spec));
    }
    modelInputs.add(model);
  }

  /** The problem's loss, gradient in internal coordinates (d f / d theta~ = s * d f / d theta) and model state. */
  private record Evaluation(Operand<TFloat32> loss, Operand<TFloat32> gradient, List<Operand<?>> modelState) {}

  private Evaluation evaluate(Ops tf, Operand<TFloat32> thetaTilde, List<Operand<?>> model, Problem.Batch batch,
      Operand<TInt64> stepKey) {
    List<Operand<TFloat32>> params = layout.split(tf, tf.math.mul(thetaTilde, scale));
    Problem.LossAndGradient out = problem.lossAndGradient(tf,
        new Problem.ProblemInput(params, model, batch, true, RandomKeys.fold(tf, stepKey, "problem")));
    return new Evaluation(out.loss(), tf.math.mul(layout.concat(tf, out.gradients()), scale), out.modelState());
  }

  /**
   * The loss with the same value, whose derivative with respect to theta~ is the gradient the forward pass has
   * already computed: {@code stop(f) + sum(stop(g) * (theta~ - stop(theta~)))}. The meta-backward then reads
   * {@code g} instead of differentiating the optimizee's loss again at every inner step (d f / d theta~ is exactly
   * g). Used for first-order meta-gradients, where it removes a backward pass of the optimizee per inner step.
   */
  private static Operand<TFloat32> lossWithKnownGradient(Ops tf, Operand<TFloat32> loss, Operand<TFloat32> gradient,
      Operand<TFloat32> thetaTilde) {
    Operand<TFloat32> zero = tf.math.sub(thetaTilde, tf.stopGradient(thetaTilde));
    return tf.math.add(tf.stopGradient(loss),
        tf.reduceSum(tf.math.mul(tf.stopGradient(gradient), zero), tf.constant(0)));
  }

  /** The problem's loss alone (no gradient) at internal parameters theta~. */
  private Operand<TFloat32> lossAt(Ops tf, Operand<TFloat32> thetaTilde, List<Operand<?>> model, Problem.Batch batch,
      Operand<TInt64> stepKey) {
    List<Operand<TFloat32>> params = layout.split(tf, tf.math.mul(thetaTilde, scale));
    return problem.loss(tf, new Problem.ProblemInput(params, model, batch, true,
        RandomKeys.fold(tf, stepKey, "problem"))).loss();
  }

  /**
   * One step of a trajectory's rule. Returns the update in internal coordinates and the next state. Teachers
   * with oracle scaling see the true parameters and gradients and their update is mapped back with / s.
   */
  private UpdateRule.Step ruleStep(Ops tf, RuleSlots rule, boolean isStudent, boolean oracle,
      Operand<TFloat32> thetaTilde, Operand<TFloat32> gradTilde, List<Operand<?>> state, Weights weights,
      StepContext context) {
    if (isStudent || !oracle) {
      return rule.step(tf, thetaTilde, gradTilde, state, weights, context);
    }
    Operand<TFloat32> theta = tf.math.mul(thetaTilde, scale);
    Operand<TFloat32> grad = tf.math.div(gradTilde, scale);
    UpdateRule.Step step = rule.step(tf, theta, grad, state, weights, context);
    return new UpdateRule.Step(tf.math.div(step.delta(), scale), step.state());
  }

  /** The student's weights of one step, each read through the gates of {@code gates}. */
  private Weights studentWeights(Ops tf, StepContext context, GradientGate.Group gates) {
    Map<String, Operand<TFloat32>> fed = new LinkedHashMap<>(weightInputs);
    return gated(transform.apply(tf, fed, context), gates);
  }

  private static Weights gated(Weights inner, GradientGate.Group gates) {
    return new Weights() {
      @Override
      public Operand<TFloat32> get(Ops tf, String name) {
        return gates.gate(inner.get(tf, name));
      }

      @Override
      public Weights forTensor(int index) {
        return gated(inner.forTensor(index), gates);
      }
    };
  }

  private void buildWarmup(Ops tf, List<Problem.Batch> batches, List<Weights> teacherWeights,
      UnrollOptions options) {
    Operand<TFloat32> theta = thetaInputs.get(0);
    List<Operand<?>> model = new ArrayList<>(modelInputs.get(0));
    List<List<Operand<?>>> states = new ArrayList<>();
    stateInputs.forEach(s -> states.add(new ArrayList<>(s)));
    for (int i = 0; i < unroll; i++) {
      Operand<TInt64> stepKey = RandomKeys.fold(tf, key, i);
      Evaluation e = evaluate(tf, theta, model, batches.get(i), stepKey);
      Operand<TFloat32> g = tf.stopGradient(e.gradient());
      for (int k = 0; k <= teacherCount; k++) {
        RuleSlots rule = k == 0 ? student : teachers.get(k - 1);
        StepContext context = new StepContext(k == 0, e.loss(), RandomKeys.fold(tf, stepKey, k));
        Weights w = k == 0
            ? transform.apply(tf, new LinkedHashMap<>(weightInputs), context)
            : teacherWeights.get(k - 1);
        UpdateRule.Step step = ruleStep(tf, rule, k == 0, options.teacherOracleScaling(), theta, g, states.get(k),
            w, context);
        List<Operand<?>> kept = rule.warmupState(states.get(k), step.state());
        Operand<TBool> bad = tf.reduceAny(tf.math.isNan(step.delta()), tf.constant(0));
        states.set(k, selectAll(tf, bad, states.get(k), kept));
      }
      theta = tf.math.sub(theta, tf.math.mul(warmupRate, g));
      model = new ArrayList<>(e.modelState());
    }
    for (int k = 0; k <= teacherCount; k++) {
      addOutputs(tf, theta, states.get(k), model);
    }
  }

  /**
   * Registers a trajectory's outputs. Each is wrapped in its own identity op: a session cannot fetch one tensor
   * twice, and trajectories may share tensors (the common parameters after warm-up, a state a rule passes
   * through unchanged).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void addOutputs(Ops tf, Operand<TFloat32> theta, List<Operand<?>> states, List<Operand<?>> model) {
    thetaOutputs.add(tf.identity(theta));
    List<Operand<?>> out = new ArrayList<>();
    for (Operand<?> s : states) {
      out.add(tf.identity((Operand) s));
    }
    stateOutputs.add(out);
    List<Operand<?>> m = new ArrayList<>();
    for (Operand<?> s : model) {
      m.add(tf.identity((Operand) s));
    }
    modelOutputs.add(m);
  }

  /** {@code condition ? whenTrue : whenFalse}, element by element of two equally long lists. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> selectAll(Ops tf, Operand<TBool> condition, List<Operand<?>> whenTrue,
      List<Operand<?>> whenFalse) {
    List<Operand<?>> out = new ArrayList<>();
    for (int j = 0; j < whenTrue.size(); j++) {
      out.add(tf.select(condition, (Operand) whenTrue.get(j), (Operand) whenFalse.get(j)));
    }
    return out;
  }

  private static List<Operand<?>> gateAll(GradientGate.Group gates, List<Operand<?>> values) {
    List<Operand<?>> out = new ArrayList<>();
    for (Operand<?> v : values) {
      out.add(gates.gate(v));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void buildUnroll(Ops tf, List<Problem.Batch> batches, List<Weights> teacherWeights,
      UnrollOptions options) {
    int trajectories = teacherCount + 1;
    Operand<TFloat32> epsilon = tf.constant((float) options.epsilon());
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> logN = tf.constant((float) Math.log(layout.size()));
    // The window's start: a fed value, constant w.r.t. the weights (a segment is fed it apart from its boundary).
    Operand<TFloat32> initParams = segment ? startTheta : thetaInputs.get(0);
    List<Placeholder<?>> initModel = segment ? startModel : modelInputs.get(0);
    List<Operand<TFloat32>> thetas = new ArrayList<>(thetaInputs);
    List<List<Operand<?>>> states = new ArrayList<>();
    stateInputs.forEach(s -> states.add(new ArrayList<>(s)));
    List<List<Operand<?>>> models = new ArrayList<>();
    modelInputs.forEach(m -> models.add(new ArrayList<>(m)));
    Operand<TBool> alive = segment ? aliveIn : tf.constant(true);
    Operand<TFloat32> meta = tf.constant(0f);
    Operand<TFloat32> imitation = tf.constant(0f);
    Operand<TFloat32> counts = tf.zeros(tf.constant(new long[] {Math.max(teacherCount, 1)}), TFloat32.class);
    Operand<TFloat32> counted = tf.constant(0f);
    List<Operand<TFloat32>> distancesPerStep = new ArrayList<>();
    boolean secondOrder = mode == Mode.TRAIN && options.secondOrder();
    List<Operand<TFloat32>> fixed = new ArrayList<>();
    List<Operand<TFloat32>> computed = new ArrayList<>();
    if (fixedGradients != null) {
      tf.unstack(fixedGradients, (long) unroll).forEach(fixed::add);
    }
    List<Operand<?>> noModel = List.of();
    List<Operand<TInt64>> salts = new ArrayList<>();
    List<Operand<TFloat32>> fedWeights = new ArrayList<>();
    if (segment) {
      tf.unstack(stepSalts, (long) unroll).forEach(salts::add);
      tf.unstack(stepWeights, (long) unroll).forEach(fedWeights::add);
    }

    for (int i = 0; i < unroll; i++) {
      // A segment's step i is step offset + i of its window: its key salt and loss weight are fed (stepSalts).
      Operand<TFloat32> w = segment ? fedWeights.get(i) : tf.constant((float) options.unrollWeight().weight(i, unroll));
      Operand<TInt64> stepKey = segment ? tf.bitwise.bitwiseXor(key, salts.get(i)) : RandomKeys.fold(tf, key, i);
      // Gates of this step, closed once it is known whether the step's results count (see the class comment).
      GradientGate.Group lossGates = GradientGate.group(tf);
      GradientGate.Group ruleGates = GradientGate.group(tf);
      Operand<TFloat32> fStudent = null;
      Operand<TBool> studentBad = null;
      List<Operand<TFloat32>> nextThetas = new ArrayList<>();
      for (int k = 0; k < trajectories; k++) {
        boolean isStudent = k == 0;
        Operand<TInt64> trajectoryKey = RandomKeys.fold(tf, stepKey, k);
        Evaluation e;
        Operand<TFloat32> g;
        if (isStudent) {
          Operand<TFloat32> thetaIn = lossGates.gate(thetas.get(0));
          e = evaluate(tf, thetaIn, gateAll(lossGates, models.get(0)), batches.get(i), trajectoryKey);
          if (mode == Mode.TRAIN && !secondOrder) {
            if (segment) {
              recorded.add(e.loss());
              recorded.add(e.gradient());
            }
            // measured: 2.60x -> 2.29x an Adam step at U=20; in second order TF's backward costs the same either way
            e = new Evaluation(lossWithKnownGradient(tf, e.loss(), e.gradient(), thetaIn), e.gradient(),
                e.modelState());
          }
          fStudent = e.loss();
          g = secondOrder ? e.gradient() : tf.stopGradient(e.gradient());
          if (fixedGradients != null) {
            computed.add(tf.stopGradient(g));
            g = fixed.get(i);
          }
        } else {
          // Teachers are constants with respect to the student's weights: no second-order path needed.
          e = evaluate(tf, thetas.get(k), models.get(k), batches.get(i), trajectoryKey);
          g = tf.stopGradient(e.gradient());
        }
        RuleSlots rule = isStudent ? student : teachers.get(k - 1);
        StepContext context = new StepContext(isStudent, isStudent ? e.loss() : tf.stopGradient(e.loss()),
            trajectoryKey);
        Operand<TFloat32> theta = thetas.get(k);
        UpdateRule.Step step;
        if (isStudent) {
          step = ruleStep(tf, rule, true, options.teacherOracleScaling(), ruleGates.gate(theta), ruleGates.gate(g),
              gateAll(ruleGates, states.get(k)), studentWeights(tf, context, ruleGates), context);
        } else {
          step = ruleStep(tf, rule, false, options.teacherOracleScaling(), theta, g, states.get(k),
              teacherWeights.get(k - 1), context);
        }
        // NaN guard of spec §5.2 (per trajectory and step, NaN only): keep theta and state, or the original's bug.
        Operand<TBool> bad = tf.reduceAny(tf.math.isNan(step.delta()), tf.constant(0));
        if (isStudent) {
          studentBad = bad;
        }
        Operand<TFloat32> guarded = tf.select(bad,
            options.zeroOnNan() ? tf.zerosLike(theta) : theta,
            tf.math.sub(theta, step.delta()));
        // Once the window has stopped, no trajectory moves any more.
        nextThetas.add(tf.select(alive, guarded, theta));
        if (segment && !isStudent) {
          recorded.add(nextThetas.get(k));
        }
        List<Operand<?>> guardedState = selectAll(tf, bad, states.get(k), step.state());
        states.set(k, selectAll(tf, alive, guardedState, states.get(k)));
        models.set(k, e.modelState().isEmpty() ? noModel : selectAll(tf, alive, e.modelState(), models.get(k)));
      }
      thetas = nextThetas;

      Operand<TFloat32> initObj = options.scaleObjective()
          ? lossAt(tf, initParams, new ArrayList<>(initModel), batches.get(i), RandomKeys.fold(tf, stepKey, -1))
          : one;
      if (segment && options.scaleObjective()) {
        recorded.add(initObj);
      }
      Operand<TBool> ok = tf.math.isFinite(fStudent);
      if (options.objTrainMaxMultiplier() > 0) {
        Operand<TFloat32> limit = tf.math.add(
            tf.math.mul(tf.constant((float) (options.objTrainMaxMultiplier() - 1)), tf.math.abs(initObj)), initObj);
        ok = tf.math.logicalAnd(ok, tf.math.lessEqual(fStudent, limit));
      }
      alive = tf.math.logicalAnd(alive, ok);
      // This step's loss counts iff the window is still alive after it; its update iff, also, it was not guarded.
      lossGates.close(alive);
      ruleGates.close(tf.math.logicalAnd(alive, tf.math.logicalNot(studentBad)));
      Operand<TFloat32> safeF = tf.select(alive, fStudent, one);
      Operand<TFloat32> metaTerm = options.useLogObjective()
          ? tf.math.sub(tf.math.log(tf.math.add(safeF, epsilon)), tf.math.log(tf.math.add(initObj, epsilon)))
          : tf.math.div(safeF, tf.math.add(initObj, epsilon));
      meta = tf.math.add(meta, tf.select(alive, tf.math.mul(w, metaTerm), tf.constant(0f)));
      counted = tf.math.add(counted, tf.select(alive, one, tf.constant(0f)));

      if (teacherCount > 0) {
        List<Operand<TFloat32>> d = new ArrayList<>();
        for (int k = 1; k < trajectories; k++) {
          Operand<TFloat32> diff = tf.select(alive, tf.math.sub(thetas.get(0), thetas.get(k)),
              tf.zerosLike(thetas.get(0)));
          Operand<TFloat32> sum = tf.reduceSum(distanceTerm(tf, diff, options.huberDelta()), tf.constant(0));
          d.add(tf.math.sub(tf.math.log(tf.math.add(sum, epsilon)), logN));
        }
        Operand<TFloat32> dk = tf.stack(d);
        distancesPerStep.add(dk);
        Operand<TFloat32> reduced = options.reduce() == UnrollOptions.Reduce.MAX
            ? tf.reduceMax(dk, tf.constant(0))
            : tf.math.mean(dk, tf.constant(0));
        Operand<TFloat32> term = options.useLogObjective() ? reduced : tf.math.exp(reduced);
        imitation = tf.math.add(imitation, tf.select(alive, tf.math.mul(w, term), tf.constant(0f)));
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
    countedSteps = tf.identity(counted);
    teacherDistances = teacherCount > 0 ? tf.stack(distancesPerStep) : tf.zeros(tf.constant(new long[] {unroll, 0}), TFloat32.class);
    for (int k = 0; k < trajectories; k++) {
      addOutputs(tf, thetas.get(k), states.get(k), models.get(k));
    }
    if (segment) {
      aliveOut = tf.identity(alive);
      buildSegmentGradients(tf, thetas.get(0), states.get(0), models.get(0), meta, imitation);
    } else if (mode == Mode.TRAIN && !weightInputs.isEmpty() && unroll == 1 && teacherCount == 0) {
      // The only term is step 0's log ratio, exactly 0 and independent of the weights (the last update only
      // enters the imitation loss): the meta-gradient is zero, and TensorFlow refuses an unreachable gradient.
      weightInputs.forEach((name, wt) -> gradients.put(name, tf.zerosLike(wt)));
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

  /**
   * The segment's gradient with respect to the weights and to the student's incoming trajectory, of
   * {@code w_meta L_meta + w_imit L_imit + sum(adjoint * outgoing)} over the student's float boundary tensors: the
   * backward pass of the window restricted to this segment, seeded with the adjoints the later segments computed.
   */
  @SuppressWarnings("unchecked")
  private void buildSegmentGradients(Ops tf, Operand<TFloat32> thetaOut, List<Operand<?>> statesOut,
      List<Operand<?>> modelOut, Operand<TFloat32> meta, Operand<TFloat32> imitation) {
    List<Operand<?>> outs = new ArrayList<>();
    List<Placeholder<?>> ins = new ArrayList<>();
    outs.add(thetaOut);
    ins.add(thetaInputs.get(0));
    outs.addAll(statesOut);
    ins.addAll(stateInputs.get(0));
    outs.addAll(modelOut);
    ins.addAll(modelInputs.get(0));
    Operand<TFloat32> total = tf.math.add(tf.math.mul(metaWeight, meta), tf.math.mul(imitationWeight, imitation));
    List<Output<?>> xs = new ArrayList<>();
    weightInputs.values().forEach(p -> xs.add(p.asOutput()));
    for (int j = 0; j < outs.size(); j++) {
      if (outs.get(j).type() != TFloat32.class) {
        continue; // integer states (counters) carry no gradient
      }
      Operand<TFloat32> out = (Operand<TFloat32>) outs.get(j);
      Placeholder<TFloat32> adjoint = tf.withName("adjoint_" + boundaryAdjoints.size())
          .placeholder(TFloat32.class, Placeholder.shape(ins.get(j).shape()));
      boundaryAdjoints.add(adjoint);
      boundaryIndices.add(j);
      total = tf.math.add(total, tf.reduceSum(tf.math.mul(adjoint, out), tf.range(tf.constant(0),
          tf.rank(out), tf.constant(1))));
      xs.add(ins.get(j).asOutput());
    }
    Output<?>[] gs = graph.addGradients(total.asOutput(), xs.toArray(new Output<?>[0]));
    int j = 0;
    for (Map.Entry<String, Placeholder<TFloat32>> e : weightInputs.entrySet()) {
      gradients.put(e.getKey(), gs[j] == null ? tf.zerosLike(e.getValue()) : (Operand<TFloat32>) gs[j]);
      j++;
    }
    for (int b = 0; b < boundaryAdjoints.size(); b++, j++) {
      Operand<TFloat32> in = (Operand<TFloat32>) ins.get(boundaryIndices.get(b));
      boundaryGradients.add(gs[j] == null ? tf.zerosLike(in) : tf.identity((Operand<TFloat32>) gs[j]));
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

  /**
   * Inputs of one window.
   *
   * @param images           [U, B, input shape...] row-major
   * @param labels           [U, B]
   * @param scale            the parameter scaling s [N]
   * @param weights          the student's weights by name
   * @param trajectories     student then teachers
   * @param metaWeight       weight of the meta loss in the differentiated total (TRAIN)
   * @param imitationWeight  weight of the imitation loss in the differentiated total (TRAIN)
   * @param warmupRate       SGD rate (WARMUP)
   * @param studentGradients fixed inner gradients [U, N] (graphs built with fixed student gradients), else null
   * @param keySeed          seed of the window's random key (the key fed is derived from it)
   */
  public record WindowInput(
      float[] images,
      int[] labels,
      float[] scale,
      Map<String, HostTensor> weights,
      List<Trajectory> trajectories,
      float metaWeight,
      float imitationWeight,
      float warmupRate,
      float[] studentGradients,
      long keySeed) {

    /**
     * A window input without fixed student gradients, with key seed 0.
     *
     * @param images [U, B, input shape...] row-major
     * @param labels [U, B]
     * @param scale the parameter scaling s [N]
     * @param weights the student's weights by name
     * @param trajectories student then teachers
     * @param metaWeight weight of the meta loss (TRAIN)
     * @param imitationWeight weight of the imitation loss (TRAIN)
     * @param warmupRate SGD rate (WARMUP)
     */
    public WindowInput(float[] images, int[] labels, float[] scale, Map<String, HostTensor> weights,
        List<Trajectory> trajectories, float metaWeight, float imitationWeight, float warmupRate) {
      this(images, labels, scale, weights, trajectories, metaWeight, imitationWeight, warmupRate, null, 0L);
    }

    /**
     * A window input with fixed student gradients (or null), with key seed 0.
     *
     * @param images [U, B, input shape...] row-major
     * @param labels [U, B]
     * @param scale the parameter scaling s [N]
     * @param weights the student's weights by name
     * @param trajectories student then teachers
     * @param metaWeight weight of the meta loss (TRAIN)
     * @param imitationWeight weight of the imitation loss (TRAIN)
     * @param warmupRate SGD rate (WARMUP)
     * @param studentGradients fixed inner gradients [U, N], or null
     */
    public WindowInput(float[] images, int[] labels, float[] scale, Map<String, HostTensor> weights,
        List<Trajectory> trajectories, float metaWeight, float imitationWeight, float warmupRate,
        float[] studentGradients) {
      this(images, labels, scale, weights, trajectories, metaWeight, imitationWeight, warmupRate, studentGradients,
          0L);
    }

    /**
     * A copy with other weights.
     *
     * @param value the student's weights by name
     * @return the same input with {@code value} as weights
     */
    public WindowInput withWeights(Map<String, HostTensor> value) {
      return new WindowInput(images, labels, scale, value, trajectories, metaWeight, imitationWeight, warmupRate,
          studentGradients, keySeed);
    }

    /**
     * A copy starting from other trajectories (a later segment of the window).
     *
     * @param value the trajectories, student then teachers
     * @return the same input with {@code value} as trajectories
     */
    public WindowInput withTrajectories(List<Trajectory> value) {
      return new WindowInput(images, labels, scale, weights, value, metaWeight, imitationWeight, warmupRate,
          studentGradients, keySeed);
    }

    /**
     * A copy with another key seed.
     *
     * @param value the key seed
     * @return the same input with {@code value} as key seed
     */
    public WindowInput withKeySeed(long value) {
      return new WindowInput(images, labels, scale, weights, trajectories, metaWeight, imitationWeight, warmupRate,
          studentGradients, value);
    }
  }

  /**
   * Outputs of one window.
   *
   * @param trajectories     student then teachers after the window
   * @param metaLoss         the window's meta loss (the terms of its valid part only, spec §5.3)
   * @param imitationLoss    the window's imitation loss (unweighted by p_teacher)
   * @param teacherCounts    per teacher, the number of steps at which it was the farthest (won the max)
   * @param teacherDistances [U, K] log distances D_k per step
   * @param countedSteps     the steps whose terms entered the losses (0: the window stopped at its first step, so
   *                         it measured nothing and its losses are an empty sum, not a result)
   * @param gradients        d(w_meta L_meta + w_imit L_imit) / d weights (TRAIN only)
   * @param studentGradients the student's inner gradients [U, N] (graphs built with fixed student gradients)
   */
  public record WindowOutput(
      List<Trajectory> trajectories,
      float metaLoss,
      float imitationLoss,
      float[] teacherCounts,
      float[] teacherDistances,
      int countedSteps,
      Map<String, float[]> gradients,
      float[] studentGradients) {

    /**
     * True if the losses and every gradient component are finite.
     *
     * @return true if everything is finite
     */
    public boolean finite() {
      if (!Float.isFinite(metaLoss) || !Float.isFinite(imitationLoss)) {
        return false;
      }
      for (float[] g : gradients.values()) {
        for (float x : g) {
          if (!Float.isFinite(x)) {
            return false;
          }
        }
      }
      return true;
    }
  }

  @Override
  public WindowOutput run(WindowInput in) {
    if (segment) {
      throw new IllegalStateException("a segment graph runs through SegmentedUnroll");
    }
    return execute(in, null).window();
  }

  /**
   * What a run of a segment graph is given besides its window ({@link SegmentedUnroll}).
   *
   * @param offset        index in the window of the segment's first step
   * @param windowUnroll  the window's length
   * @param alive         whether the window is still alive at the segment's start
   * @param windowStart   the student's trajectory at the window's start (the scaled objective's reference)
   * @param recorded      the values the segment's forward run recorded ({@link SegmentResult#recorded()}), fed to a
   *                      backward run so that it does not compute them again (the teachers, the start losses, in
   *                      first order the student's inner losses and gradients); null computes them
   * @param adjoints      derivatives of the window's total loss with respect to the student's outgoing float
   *                      boundary tensors ({@link #boundarySpecs()}); null for a forward run without gradients
   */
  record Segment(int offset, int windowUnroll, boolean alive, Trajectory windowStart,
      List<HostTensor> recorded, List<HostTensor> adjoints) {}

  /**
   * What a run of a segment graph returns.
   *
   * @param window            trajectories and losses (a forward run, and a backward run computing the teachers;
   *                          otherwise no trajectories and NaN losses), gradients with respect to the weights
   *                          (backward runs)
   * @param alive             whether the window is still alive after the segment (forward fetched)
   * @param boundaryGradients derivatives with respect to the student's incoming float boundary tensors (backward)
   * @param recorded          the values no meta-gradient goes through, for the backward run (forward runs)
   */
  record SegmentResult(WindowOutput window, boolean alive, List<HostTensor> boundaryGradients,
      List<HostTensor> recorded) {}

  /** Runs a segment graph on its part of {@code in}, whose trajectories are the segment's start. */
  SegmentResult runSegment(WindowInput in, Segment seg) {
    if (!segment) {
      throw new IllegalStateException("not a segment graph");
    }
    return execute(in, seg);
  }

  /** The student's float boundary tensors of a segment graph, in the order of its adjoints and boundary gradients. */
  List<Shape> boundarySpecs() {
    List<Shape> shapes = new ArrayList<>();
    boundaryAdjoints.forEach(a -> shapes.add(a.shape()));
    return shapes;
  }

  private SegmentResult execute(WindowInput in, Segment seg) {
    int trajectories = teacherCount + 1;
    if (in.trajectories().size() != trajectories) {
      throw new IllegalArgumentException("expected " + trajectories + " trajectories, got " + in.trajectories().size());
    }
    boolean backward = seg != null && seg.adjoints() != null;
    boolean forward = seg == null || !backward || seg.recorded() == null;
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      int offset = seg == null ? 0 : seg.offset();
      int windowUnroll = seg == null ? unroll : seg.windowUnroll();
      feed(runner, fed, images, TFloat32.tensorOf(images.shape(), steps(in.images(), offset, windowUnroll)));
      long labelsPerStep = in.labels().length / windowUnroll;
      feed(runner, fed, labels, TInt32.tensorOf(labels.shape(),
          DataBuffers.of(in.labels(), true, false).slice(offset * labelsPerStep, unroll * labelsPerStep)));
      feed(runner, fed, scale, TFloat32.tensorOf(scale.shape(), DataBuffers.of(in.scale(), true, false)));
      feed(runner, fed, key, TInt64.vectorOf(Seeds.derive(in.keySeed(), 0), Seeds.derive(in.keySeed(), 1)));
      if (mode == Mode.WARMUP) {
        feed(runner, fed, warmupRate, TFloat32.scalarOf(in.warmupRate()));
      }
      if (mode == Mode.TRAIN) {
        feed(runner, fed, metaWeight, TFloat32.scalarOf(in.metaWeight()));
        feed(runner, fed, imitationWeight, TFloat32.scalarOf(in.imitationWeight()));
      }
      if (seg != null) {
        feedSegment(runner, fed, seg);
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
        feedAll(runner, fed, stateInputs.get(k), t.states(), "trajectory " + k + " states");
        feedAll(runner, fed, modelInputs.get(k), t.modelState(), "trajectory " + k + " model state");
      }
      if (forward) {
        for (int k = 0; k < trajectories; k++) {
          runner.fetch(thetaOutputs.get(k));
          stateOutputs.get(k).forEach(runner::fetch);
          modelOutputs.get(k).forEach(runner::fetch);
        }
        if (mode != Mode.WARMUP) {
          runner.fetch(metaLoss).fetch(imitationLoss).fetch(teacherCounts).fetch(teacherDistances).fetch(countedSteps);
        }
        if (seg != null) {
          runner.fetch(aliveOut);
          if (!backward) {
            recorded.forEach(runner::fetch);
          }
        }
      }
      if (seg == null || backward) {
        gradients.values().forEach(runner::fetch);
        boundaryGradients.forEach(runner::fetch);
        if (computedGradients != null) {
          runner.fetch(computedGradients);
        }
      }
      try (Result result = runner.run()) {
        return read(result, seg, forward, backward);
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /** The images of the graph's steps {@code offset...} of a window of {@code windowUnroll} steps (not copied). */
  private FloatDataBuffer steps(float[] windowImages, int offset, int windowUnroll) {
    long perStep = windowImages.length / windowUnroll;
    return DataBuffers.of(windowImages, true, false).slice(offset * perStep, unroll * perStep);
  }

  private void feedSegment(Session.Runner runner, List<Tensor> fed, Segment seg) {
    long[] salts = new long[2 * unroll];
    float[] weights = new float[unroll];
    for (int i = 0; i < unroll; i++) {
      int step = seg.offset() + i;
      salts[2 * i] = Seeds.derive(step, 0); // as RandomKeys.fold(key, step) of a whole-window graph
      salts[2 * i + 1] = Seeds.derive(step, 1);
      weights[i] = (float) unrollWeight.weight(step, seg.windowUnroll());
    }
    feed(runner, fed, stepSalts, TInt64.tensorOf(stepSalts.shape(), DataBuffers.of(salts, true, false)));
    feed(runner, fed, stepWeights, TFloat32.tensorOf(stepWeights.shape(), DataBuffers.of(weights, true, false)));
    feed(runner, fed, aliveIn, TBool.scalarOf(seg.alive()));
    feed(runner, fed, startTheta, seg.windowStart().theta().toTensor());
    feedAll(runner, fed, startModel, seg.windowStart().modelState(), "window start model state");
    if (seg.adjoints() != null) {
      if (seg.adjoints().size() != boundaryAdjoints.size()) {
        throw new IllegalArgumentException(seg.adjoints().size() + " adjoints, expected " + boundaryAdjoints.size());
      }
      for (int b = 0; b < boundaryAdjoints.size(); b++) {
        feed(runner, fed, boundaryAdjoints.get(b), seg.adjoints().get(b).toTensor());
      }
      if (seg.recorded() != null) {
        if (seg.recorded().size() != recorded.size()) {
          throw new IllegalArgumentException(seg.recorded().size() + " recorded values, expected " + recorded.size());
        }
        for (int r = 0; r < recorded.size(); r++) {
          feed(runner, fed, recorded.get(r), seg.recorded().get(r).toTensor());
        }
      }
    }
  }

  private SegmentResult read(Result result, Segment seg, boolean forward, boolean backward) {
    int trajectories = teacherCount + 1;
    int idx = 0;
    List<Trajectory> out = new ArrayList<>();
    float meta = Float.NaN;
    float imit = Float.NaN;
    float[] counts = new float[0];
    float[] distances = new float[0];
    int counted = 0;
    boolean alive = true;
    List<HostTensor> values = null;
    if (forward) {
      for (int k = 0; k < trajectories; k++) {
        HostTensor theta = HostTensor.copyOf(result.get(idx++));
        List<HostTensor> st = new ArrayList<>();
        for (int j = 0; j < stateOutputs.get(k).size(); j++) {
          st.add(HostTensor.copyOf(result.get(idx++)));
        }
        List<HostTensor> model = new ArrayList<>();
        for (int j = 0; j < modelOutputs.get(k).size(); j++) {
          model.add(HostTensor.copyOf(result.get(idx++)));
        }
        out.add(new Trajectory(theta, st, model));
      }
      if (mode == Mode.WARMUP) {
        return new SegmentResult(
            new WindowOutput(out, Float.NaN, Float.NaN, new float[0], new float[0], 0, Map.of(), null), true, null,
            null);
      }
      meta = ((TFloat32) result.get(idx++)).getFloat();
      imit = ((TFloat32) result.get(idx++)).getFloat();
      float[] c = HostTensor.copyOf(result.get(idx++)).floats();
      counts = teacherCount == 0 ? new float[0] : c;
      distances = HostTensor.copyOf(result.get(idx++)).floats();
      counted = Math.round(((TFloat32) result.get(idx++)).getFloat());
      if (seg != null) {
        alive = ((TBool) result.get(idx++)).getBoolean();
        if (!backward) {
          values = new ArrayList<>();
          for (int r = 0; r < recorded.size(); r++) {
            values.add(HostTensor.copyOf(result.get(idx++)));
          }
        }
      }
    }
    Map<String, float[]> grads = new LinkedHashMap<>();
    List<HostTensor> boundary = null;
    float[] studentGrads = null;
    if (seg == null || backward) {
      for (String name : gradients.keySet()) {
        grads.put(name, HostTensor.copyOf(result.get(idx++)).floats());
      }
      boundary = new ArrayList<>();
      for (int b = 0; b < boundaryGradients.size(); b++) {
        boundary.add(HostTensor.copyOf(result.get(idx++)));
      }
      studentGrads = computedGradients == null ? null : HostTensor.copyOf(result.get(idx++)).floats();
    }
    WindowOutput window = new WindowOutput(out, meta, imit, counts, distances, counted, grads, studentGrads);
    return new SegmentResult(window, alive, boundary, values);
  }

  private static void feedAll(Session.Runner runner, List<Tensor> fed, List<Placeholder<?>> inputs,
      List<HostTensor> values, String what) {
    if (values.size() != inputs.size()) {
      throw new IllegalArgumentException(what + ": " + values.size() + " tensors, expected " + inputs.size());
    }
    for (int j = 0; j < inputs.size(); j++) {
      feed(runner, fed, inputs.get(j), values.get(j).toTensor());
    }
  }

  private static void feed(Session.Runner runner, List<Tensor> fed, Operand<?> input, Tensor value) {
    fed.add(value);
    runner.feed(input, value);
  }

  @Override
  public int unroll() {
    return unroll;
  }

  @Override
  public Mode mode() {
    return mode;
  }

  /** {@return the parameter layout of the optimizee} */
  public ParameterLayout layout() {
    return layout;
  }

  /** {@return the student's rule applied over the layout (for fresh trajectories)} */
  public RuleSlots studentSlots() {
    return student;
  }

  /** {@return the teachers' rules applied over the layout} */
  public List<RuleSlots> teacherSlots() {
    return List.copyOf(teachers);
  }

  @Override
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
