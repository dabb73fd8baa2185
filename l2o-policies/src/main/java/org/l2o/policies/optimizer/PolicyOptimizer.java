package org.l2o.policies.optimizer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.tf.CustomGradients;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.Weights;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Runs an {@link UpdateRule} as an ordinary TensorFlow Java optimizer on the float32 variables of a
 * user's graph (spec §11, "deployed optimizer"): each variable gets the rule's state as zero-initialised
 * variables beside it, the rule's global state ({@link UpdateRule#globalStateSpecs()}) gets zero-initialised
 * variables of its own, and each {@code applyGradients} call does, over all (gradient, variable) pairs at once,
 *
 * <pre>
 * (deltas, s', G') = rule.update(vars, grads, s, G, weights, StepContext.inference())   // training=false
 * if iterations &lt; warmup: delta_i = rate * grad_i; s_i' = UpdateRule.warmupState(specs, s_i, s_i'), same for G'
 * s = s'; G = G'; var_i = var_i - delta_i
 * </pre>
 *
 * and then {@code iterations += 1}. For a per-tensor rule the default {@link UpdateRule#update} is one
 * {@link UpdateRule#step} per variable; a {@link UpdateRule#fusable() fusable} rule without global state runs
 * {@code step} once on all variables concatenated instead (same values, one large batch). The global state
 * advances once per {@code applyGradients} call, so a graph should apply one optimizer once per training step.
 *
 * <p>Differences from the framework optimizers of TF Java 1.1.0, all deliberate:
 *
 * <ul>
 *   <li>State variables are initialised from {@code Fill} of a <em>constant</em> static shape, never
 *       {@code fill(shape(var))}, so initialisation does not depend on grappler folding {@code Shape}.
 *   <li>All writes (states, variables) are control-dependent on every gradient and every computed
 *       update of the call, and {@code iterations} is incremented after all writes, so no update reads a
 *       value that another update of the same call already overwrote (the framework {@code Adam} updates
 *       its beta powers without such an ordering and races with {@code ApplyAdam}).
 *   <li>{@link #computeGradients} (used by {@code minimize}) differentiates only the float32 variables the
 *       loss depends on; the framework differentiates every variable of the graph and fails on any that
 *       the loss does not reach (for instance another optimizer's slots).
 * </ul>
 *
 * <p>Constructing one registers the project's gradients ({@link CustomGradients#ensureRegistered()}), which
 * TF Java 1.1.0 lacks for ops as common as {@code SparseSoftmaxCrossEntropyWithLogits}; TF Java's own
 * optimizers ({@code Adam}, {@code GradientDescent}, ...) in the same process then find them too. A program that
 * uses only TF Java's optimizers calls {@code CustomGradients.ensureRegistered()} once itself.
 *
 * <p>Slots are named {@code <optimizer>/<variable>-<state>} (with characters TF does not allow in op
 * names replaced by {@code _}) and can be read with {@link #getSlot} under the state's name; the counter
 * is {@code <optimizer>/iterations}. Only float32 {@code VariableV2} variables are supported.
 */
public class PolicyOptimizer extends Optimizer {
  /** Name of the iteration counter inside the optimizer's scope. */
  public static final String ITERATIONS = "iterations";

  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");
  private static final Pattern INVALID_CHARS = Pattern.compile("[^A-Za-z0-9_.\\-]");

  private final String name;
  private final UpdateRule rule;
  private final Weights weights;
  private final Warmup warmup;
  private final Ops scope;
  /** Variable op name to its state slots, in the rule's state order. */
  private final Map<String, List<Variable<?>>> slots = new LinkedHashMap<>();
  private final Map<String, List<StateSpec>> slotSpecs = new LinkedHashMap<>();
  private final Set<String> ownVariables = new HashSet<>();
  private final List<StateSpec> globalSpecs;
  private List<Variable<?>> globalState = List.of();
  private Variable<TInt64> iterations;

  /**
   * An optimizer without warm-up, named after the rule.
   *
   * @param graph   the graph holding the variables to train
   * @param rule    the update rule
   * @param weights the rule's weights ({@link Weights#NONE} for analytical rules)
   */
  public PolicyOptimizer(Graph graph, UpdateRule rule, Weights weights) {
    this(graph, defaultName(rule), rule, weights, Warmup.NONE);
  }

  /**
   * @param graph   the graph holding the variables to train
   * @param name    base name of the optimizer's ops (letters, digits, {@code _ . -})
   * @param rule    the update rule
   * @param weights the rule's weights ({@link Weights#NONE} for analytical rules)
   * @param warmup  the warm-up ({@link Warmup#NONE} for none)
   */
  public PolicyOptimizer(Graph graph, String name, UpdateRule rule, Weights weights, Warmup warmup) {
    super(Objects.requireNonNull(graph, "graph"), checkName(name));
    // minimize differentiates the user's loss, which may hold ops whose gradients only CustomGradients defines
    // (SparseSoftmaxCrossEntropyWithLogits): set them up here, so the user never has to.
    CustomGradients.ensureRegistered();
    this.name = name;
    this.rule = Objects.requireNonNull(rule, "rule");
    this.weights = Objects.requireNonNull(weights, "weights");
    this.warmup = Objects.requireNonNull(warmup, "warmup");
    this.globalSpecs = List.copyOf(rule.globalStateSpecs());
    this.scope = Ops.create(graph).withSubScope(name);
  }

  /**
   * The rule this optimizer runs.
   *
   * @return the update rule
   */
  public UpdateRule rule() {
    return rule;
  }

  /**
   * The warm-up.
   *
   * @return the warm-up
   */
  public Warmup warmup() {
    return warmup;
  }

  @Override
  public String getOptimizerName() {
    return name;
  }

  /**
   * The iteration counter (completed {@code applyGradients} calls); empty before the first call.
   *
   * @return the counter variable, if created
   */
  public Optional<Variable<TInt64>> iterations() {
    return Optional.ofNullable(iterations);
  }

  /**
   * The variables of the rule's global state, in {@link UpdateRule#globalStateSpecs()} order (named
   * {@code <optimizer>/global-<state>}); empty before the first {@code applyGradients} call or for a rule
   * without global state.
   *
   * @return the global state variables
   */
  public List<Variable<?>> globalStateVariables() {
    return globalState;
  }

  /**
   * The state variables of {@code variable}, in the rule's state order; empty if this optimizer has not
   * been applied to it.
   *
   * @param variable a variable of the graph
   * @return its state variables
   */
  public List<Variable<?>> stateVariables(Output<?> variable) {
    return slots.getOrDefault(variable.op().name(), List.of());
  }

  /**
   * The state variable named {@code slotName} (a {@link StateSpec#name()} of the rule) of {@code var}.
   * The slot's element type is the state's type, which need not be {@code T}.
   */
  @Override
  public <T extends TType> Optional<Variable<T>> getSlot(Output<T> var, String slotName) {
    List<StateSpec> specs = slotSpecs.get(var.op().name());
    if (specs == null) {
      return Optional.empty();
    }
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).name().equals(slotName)) {
        @SuppressWarnings("unchecked")
        Variable<T> slot = (Variable<T>) slots.get(var.op().name()).get(i);
        return Optional.of(slot);
      }
    }
    return Optional.empty();
  }

  /**
   * Gradients of {@code loss} with respect to the float32 variables it depends on (through data
   * inputs), excluding this optimizer's own state variables.
   *
   * @throws IllegalArgumentException if the loss depends on no float32 variable or on a variable of
   *     another floating-point type
   */
  @Override
  public <T extends TType> List<GradAndVar<?>> computeGradients(Operand<?> loss) {
    List<Output<TFloat32>> variables = trainableVariables(loss);
    if (variables.isEmpty()) {
      throw new IllegalArgumentException(
          "optimizer '" + name + "': the loss '" + loss.op().name() + "' depends on no float32 variable");
    }
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), variables.toArray(new Output<?>[0]));
    List<GradAndVar<?>> pairs = new ArrayList<>();
    for (int i = 0; i < gradients.length; i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> gradient = (Output<TFloat32>) gradients[i];
      pairs.add(new GradAndVar<>(gradient, variables.get(i)));
    }
    return pairs;
  }

  /**
   * Applies one step of the rule to every (gradient, variable) pair and increments the iteration
   * counter. Pairs without a gradient (closed output) are skipped.
   *
   * @param gradsAndVars the gradients and float32 {@code VariableV2} variables
   * @param name         name of the returned op
   * @return an op that runs the whole step
   * @throws IllegalArgumentException if no pair has a gradient, or a variable is not a float32 VariableV2
   */
  @Override
  public Op applyGradients(List<GradAndVar<? extends TType>> gradsAndVars, String name) {
    List<Output<TFloat32>> variables = new ArrayList<>();
    List<Output<TFloat32>> gradients = new ArrayList<>();
    for (GradAndVar<? extends TType> pair : gradsAndVars) {
      if (pair.getGradient() == null || pair.getGradient().isClosed()) {
        continue;
      }
      variables.add(checkVariable(pair.getVariable()));
      gradients.add(checkGradient(pair.getGradient(), pair.getVariable()));
    }
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("optimizer '" + this.name + "': no variable has a gradient");
    }
    createSlots(new ArrayList<>(variables));
    Operand<TBool> inWarmup = warmup.iterations() > 0
        ? scope.withName("in_warmup").math.less(iterations, scope.constant(warmup.iterations()))
        : null;

    // Phase 1: compute every update from the current values.
    UpdateRule.Update update = canFuse(variables)
        ? fusedUpdate(gradients, variables, inWarmup)
        : ruleUpdate(gradients, variables, inWarmup);
    List<Operation> barrier = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      barrier.add(gradients.get(i).op());
      barrier.add(update.deltas().get(i).op());
      update.states().get(i).forEach(st -> barrier.add(st.op()));
    }
    update.globalState().forEach(st -> barrier.add(st.op()));

    // Phase 2: write only after all of them, so that no update reads an already written value.
    Ops writes = scope.withControlDependencyOps(new LinkedHashSet<>(barrier));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      List<Variable<?>> state = slots.get(variables.get(i).op().name());
      List<Operand<?>> next = update.states().get(i);
      for (int j = 0; j < state.size(); j++) {
        updates.add(writes.assign(typed(state.get(j)), typed(next.get(j))));
      }
      updates.add(writes.assignSub(variables.get(i), update.deltas().get(i)));
    }
    for (int j = 0; j < globalState.size(); j++) {
      updates.add(writes.assign(typed(globalState.get(j)), typed(update.globalState().get(j))));
    }
    return finish(updates, name);
  }

  /**
   * Creates the rule's state variables (zeros of static shape) for variables that have none yet, and
   * the iteration counter on first use.
   */
  @Override
  protected void createSlots(List<Output<? extends TType>> variables) {
    Ops init = scope.withInitScope();
    if (iterations == null) {
      iterations = init.withName(ITERATIONS).variable(Shape.scalar(), TInt64.class);
      init.assign(iterations, init.constant(0L));
      ownVariables.add(iterations.op().name());
      List<Variable<?>> global = new ArrayList<>();
      for (StateSpec spec : globalSpecs) {
        global.add(createStateVariable(init, "global", spec));
      }
      globalState = List.copyOf(global);
    }
    for (Output<? extends TType> variable : variables) {
      String varName = variable.op().name();
      if (slots.containsKey(varName)) {
        continue;
      }
      List<StateSpec> specs = List.copyOf(rule.stateSpecs(variable.shape()));
      List<Variable<?>> created = new ArrayList<>();
      for (StateSpec spec : specs) {
        created.add(createStateVariable(init, varName, spec));
      }
      slots.put(varName, List.copyOf(created));
      slotSpecs.put(varName, specs);
    }
  }

  /** Increments the iteration counter after all updates and groups everything under {@code name}. */
  @Override
  protected Op finish(List<Op> updateOperations, String name) {
    Op increment = scope.withControlDependencies(updateOperations).withName("increment_iterations")
        .assignAdd(iterations, scope.constant(1L));
    return Ops.create(graph).withName(name).withControlDependencies(List.of(increment)).noOp();
  }

  /**
   * Builds the update of one variable in isolation (the framework's per-variable hook). {@link
   * #applyGradients} does not use it: it orders the writes of all variables together.
   */
  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    if (!globalSpecs.isEmpty()) {
      // One variable alone cannot advance a state shared by all of them.
      throw new UnsupportedOperationException("optimizer '" + name + "': rule '" + rule.name() + "' has a global"
          + " state, so it updates all variables together; use applyGradients or minimize");
    }
    Output<TFloat32> var = checkVariable(variable);
    Output<TFloat32> grad = checkGradient(gradient, variable);
    createSlots(List.of(var));
    UpdateRule.Step step = computeStep(grad, var, null);
    List<Operation> barrier = new ArrayList<>(List.of(tf.noOp().op(), step.delta().op()));
    step.state().forEach(s -> barrier.add(s.op()));
    Ops writes = scope.withControlDependencyOps(barrier);
    List<Op> ops = new ArrayList<>();
    List<Variable<?>> state = slots.get(var.op().name());
    for (int j = 0; j < state.size(); j++) {
      ops.add(writes.assign(typed(state.get(j)), typed(step.state().get(j))));
    }
    ops.add(writes.assignSub(var, step.delta()));
    return scope.withControlDependencies(ops).noOp();
  }

  /**
   * One call of {@link UpdateRule#update} on all variables with their states, the global state and an inference
   * context (training=false, no loss, no random key), checked and with the warm-up applied.
   */
  private UpdateRule.Update ruleUpdate(List<Output<TFloat32>> gradients, List<Output<TFloat32>> variables,
      Operand<TBool> inWarmup) {
    List<Operand<TFloat32>> params = new ArrayList<>();
    List<List<Operand<?>>> states = new ArrayList<>();
    for (Output<TFloat32> variable : variables) {
      params.add(scope.identity(variable));
      states.add(readAll(slots.get(variable.op().name())));
    }
    List<Operand<?>> global = readAll(globalState);
    UpdateRule.Update update = rule.update(scope, new UpdateRule.UpdateInput(new ArrayList<>(params),
        new ArrayList<>(gradients), states, global, weights, StepContext.inference()));
    checkUpdate(update, variables);
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    List<List<Operand<?>>> next = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      UpdateRule.Step step = withWarmup(new UpdateRule.Step(update.deltas().get(i), update.states().get(i)),
          slotSpecs.get(variables.get(i).op().name()), states.get(i), gradients.get(i), inWarmup);
      deltas.add(step.delta());
      next.add(step.state());
    }
    return new UpdateRule.Update(deltas, next, warmupState(globalSpecs, global, update.globalState(), inWarmup));
  }

  /**
   * True if the rule may run once on all variables concatenated: it is {@link UpdateRule#fusable() fusable} and
   * every state tensor of a flat parameter of n coordinates has n rows (so the per-variable states can be
   * stacked and split along axis 0). One call of the rule for all variables is much cheaper than one per
   * variable (a learned policy runs its LSTM once on one large batch instead of once per tensor).
   */
  private boolean canFuse(List<Output<TFloat32>> variables) {
    if (!rule.fusable() || variables.size() < 2 || !globalSpecs.isEmpty()) {
      return false;
    }
    long probe = 7;
    for (StateSpec spec : rule.stateSpecs(Shape.of(probe))) {
      if (spec.type() != TFloat32.class || spec.shape().numDimensions() < 1 || spec.shape().get(0) != probe) {
        return false;
      }
    }
    return true;
  }

  /** The update of all variables from one call of the rule on their concatenation (see {@link #canFuse}). */
  private UpdateRule.Update fusedUpdate(List<Output<TFloat32>> gradients, List<Output<TFloat32>> variables,
      Operand<TBool> inWarmup) {
    int count = variables.size();
    long[] sizes = new long[count];
    long total = 0;
    List<Operand<TFloat32>> params = new ArrayList<>();
    List<Operand<TFloat32>> grads = new ArrayList<>();
    Operand<TInt64> flat = scope.constant(new long[] {-1});
    for (int i = 0; i < count; i++) {
      sizes[i] = variables.get(i).shape().size();
      total += sizes[i];
      params.add(scope.reshape(scope.identity(variables.get(i)), flat));
      grads.add(scope.reshape(gradients.get(i), flat));
    }
    List<StateSpec> fusedSpecs = rule.stateSpecs(Shape.of(total));
    List<Operand<?>> old = new ArrayList<>();
    for (int j = 0; j < fusedSpecs.size(); j++) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Shape rows = rule.stateSpecs(Shape.of(sizes[i])).get(j).shape();
        Variable<?> slot = slots.get(variables.get(i).op().name()).get(j);
        parts.add(scope.reshape(typed(read(slot)), scope.constant(rows.asArray())));
      }
      old.add(scope.concat(parts, scope.constant(0)));
    }
    Operand<TFloat32> grad = scope.concat(grads, scope.constant(0));
    UpdateRule.Step step = withWarmup(rule.step(scope, new UpdateRule.StepInput(scope.concat(params,
        scope.constant(0)), grad, old, weights, false)), fusedSpecs, old, grad, inWarmup);
    Operand<TInt64> splits = scope.constant(sizes);
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    scope.splitV(step.delta(), splits, scope.constant(0), (long) count).forEach(deltas::add);
    List<List<Operand<?>>> states = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      states.add(new ArrayList<>());
    }
    for (int j = 0; j < fusedSpecs.size(); j++) {
      List<Operand<TFloat32>> pieces = new ArrayList<>();
      Operand<TFloat32> fusedState = typed(step.state().get(j));
      for (Operand<TFloat32> piece : scope.splitV(fusedState, splits, scope.constant(0), (long) count)) {
        pieces.add(piece);
      }
      for (int i = 0; i < count; i++) {
        Shape slotShape = slotSpecs.get(variables.get(i).op().name()).get(j).shape();
        states.get(i).add(scope.reshape(pieces.get(i), scope.constant(slotShape.asArray())));
      }
    }
    List<Operand<TFloat32>> shaped = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      shaped.add(scope.reshape(deltas.get(i), scope.constant(variables.get(i).shape().asArray())));
    }
    return new UpdateRule.Update(shaped, states, List.of());
  }

  /** One step of the rule (with the warm-up applied when {@code inWarmup} is not null). */
  private UpdateRule.Step computeStep(Output<TFloat32> gradient, Output<TFloat32> variable, Operand<TBool> inWarmup) {
    List<StateSpec> specs = slotSpecs.get(variable.op().name());
    List<Operand<?>> old = new ArrayList<>();
    for (Variable<?> slot : slots.get(variable.op().name())) {
      old.add(read(slot));
    }
    UpdateRule.Step step = rule.step(
        scope, new UpdateRule.StepInput(scope.identity(variable), gradient, old, weights, false));
    checkStep(step, specs, variable);
    return withWarmup(step, specs, old, gradient, inWarmup);
  }

  /** The step as the warm-up changes it: rate * gradient and the warm-up state while in warm-up. */
  private UpdateRule.Step withWarmup(UpdateRule.Step step, List<StateSpec> specs, List<Operand<?>> old,
      Operand<TFloat32> gradient, Operand<TBool> inWarmup) {
    if (inWarmup == null) {
      return step;
    }
    Operand<TFloat32> delta = scope.select(inWarmup, scope.math.mul(scope.constant(warmup.rate()), gradient), step.delta());
    return new UpdateRule.Step(delta, warmupState(specs, old, step.state(), inWarmup));
  }

  /** The next state as the warm-up changes it ({@link UpdateRule#warmupState} while in warm-up). */
  private List<Operand<?>> warmupState(List<StateSpec> specs, List<Operand<?>> old, List<Operand<?>> regular,
      Operand<TBool> inWarmup) {
    if (inWarmup == null) {
      return regular;
    }
    List<Operand<?>> warm = UpdateRule.warmupState(specs, old, regular);
    List<Operand<?>> next = new ArrayList<>();
    for (int j = 0; j < specs.size(); j++) {
      Operand<?> r = regular.get(j);
      next.add(warm.get(j) == r ? r : scope.select(inWarmup, typed(warm.get(j)), typed(r)));
    }
    return next;
  }

  private void checkUpdate(UpdateRule.Update update, List<Output<TFloat32>> variables) {
    String where = "optimizer '" + name + "', rule '" + rule.name() + "'";
    if (update.deltas().size() != variables.size() || update.states().size() != variables.size()) {
      throw new IllegalStateException(where + ": the update returned " + update.deltas().size() + " deltas and "
          + update.states().size() + " states for " + variables.size() + " variables");
    }
    for (int i = 0; i < variables.size(); i++) {
      checkStep(new UpdateRule.Step(update.deltas().get(i), update.states().get(i)),
          slotSpecs.get(variables.get(i).op().name()), variables.get(i));
    }
    checkStates(where + ", global state", update.globalState(), globalSpecs);
  }

  private void checkStep(UpdateRule.Step step, List<StateSpec> specs, Output<TFloat32> variable) {
    String where = "optimizer '" + name + "', rule '" + rule.name() + "', variable '" + variable.op().name() + "'";
    if (step.delta().type() != TFloat32.class) {
      throw new IllegalStateException(where + ": delta must be float32, got " + step.delta().type().getSimpleName());
    }
    checkStates(where, step.state(), specs);
  }

  private static void checkStates(String where, List<Operand<?>> state, List<StateSpec> specs) {
    if (state.size() != specs.size()) {
      throw new IllegalStateException(
          where + ": the step returned " + state.size() + " state tensors, the rule declares " + specs.size());
    }
    for (int j = 0; j < specs.size(); j++) {
      if (state.get(j).type() != specs.get(j).type()) {
        throw new IllegalStateException(where + ": state '" + specs.get(j).name() + "' must be "
            + specs.get(j).type().getSimpleName() + ", got " + state.get(j).type().getSimpleName());
      }
    }
  }

  private Variable<?> createStateVariable(Ops init, String varName, StateSpec spec) {
    Shape shape = spec.shape();
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("optimizer '" + name + "': state '" + spec.name() + "' of variable '"
          + varName + "' needs a static shape, got " + shape);
    }
    String slotName = INVALID_CHARS.matcher(varName + "-" + spec.name()).replaceAll("_");
    Variable<?> slot = init.withName(slotName).variable(shape, spec.type());
    // Zeros of a constant shape: unlike fill(shape(var)) this never reads the (maybe uninitialised) variable.
    init.assign(typed(slot), typed(init.zeros(init.constant(shape.asArray()), spec.type())));
    ownVariables.add(slot.op().name());
    return slot;
  }

  /** Float32 VariableV2 ops the loss reaches through data inputs, in discovery order. */
  private List<Output<TFloat32>> trainableVariables(Operand<?> loss) {
    List<Output<TFloat32>> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> queue = new ArrayDeque<>();
    queue.add((GraphOperation) loss.op());
    seen.add(loss.op().name());
    while (!queue.isEmpty()) {
      GraphOperation op = queue.poll();
      if (op.type().equals(VARIABLE_V2)) {
        if (!ownVariables.contains(op.name())) {
          Output<?> out = op.output(0);
          Class<?> type = out.type();
          if (type == TFloat32.class) {
            @SuppressWarnings("unchecked")
            Output<TFloat32> typedOut = (Output<TFloat32>) out;
            found.add(typedOut);
          } else if (type == TFloat64.class || type == TFloat16.class || type == TBfloat16.class) {
            throw new IllegalArgumentException("optimizer '" + name + "': the loss depends on variable '"
                + op.name() + "' of type " + type.getSimpleName() + "; only float32 variables are supported");
          }
        }
        continue;
      }
      for (Operand<?> input : op.inputs()) {
        GraphOperation in = (GraphOperation) input.op();
        if (seen.add(in.name())) {
          queue.add(in);
        }
      }
    }
    return found;
  }

  private Output<TFloat32> checkVariable(Output<?> variable) {
    if (variable == null || !variable.op().type().equals(VARIABLE_V2)) {
      throw new IllegalArgumentException("optimizer '" + name + "': can only update VariableV2 variables, got "
          + (variable == null ? "null" : "'" + variable.op().name() + "' of type " + variable.op().type()));
    }
    if (variable.type() != TFloat32.class) {
      throw new IllegalArgumentException("optimizer '" + name + "': variable '" + variable.op().name()
          + "' is " + variable.type().getSimpleName() + "; only float32 variables are supported");
    }
    @SuppressWarnings("unchecked")
    Output<TFloat32> typedVar = (Output<TFloat32>) variable;
    return typedVar;
  }

  private Output<TFloat32> checkGradient(Output<?> gradient, Output<?> variable) {
    if (gradient.type() != TFloat32.class) {
      throw new IllegalArgumentException("optimizer '" + name + "': gradient of variable '" + variable.op().name()
          + "' is " + gradient.type().getSimpleName() + ", expected float32");
    }
    @SuppressWarnings("unchecked")
    Output<TFloat32> typedGrad = (Output<TFloat32>) gradient;
    return typedGrad;
  }

  private <T extends TType> Operand<T> read(Variable<T> slot) {
    return scope.identity(slot);
  }

  private List<Operand<?>> readAll(List<Variable<?>> variables) {
    List<Operand<?>> values = new ArrayList<>();
    for (Variable<?> v : variables) {
      values.add(read(v));
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> typed(Operand<?> operand) {
    return (Operand<T>) operand;
  }

  private static String checkName(String name) {
    if (name == null || !VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "optimizer name must match " + VALID_NAME.pattern() + " (a TensorFlow op name), got '" + name + "'");
    }
    return name;
  }

  private static String defaultName(UpdateRule rule) {
    String sanitized = INVALID_CHARS.matcher(Objects.requireNonNull(rule, "rule").name()).replaceAll("_");
    return VALID_NAME.matcher(sanitized).matches() ? sanitized : "PolicyOptimizer";
  }
}
