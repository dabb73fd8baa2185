package org.l2o.core.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TFJ_GradFuncAdapter;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.nn.BiasAdd;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.op.nn.MaxPoolGradGrad;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * The one place that registers every gradient TensorFlow Java 1.1.0 lacks and this project needs, so
 * that meta-gradients can keep second-order terms (gradients of graphs that already contain gradient
 * ops). The formulas are those of TensorFlow's Python {@code nn_grad.py} / {@code math_grad.py}.
 *
 * <p>TensorFlow's custom-gradient registry is global, per op type, first-wins and silent: registering an
 * op type that already has a gradient returns {@code false} and keeps the old one. A wrong gradient
 * registered elsewhere would silently corrupt meta-gradients, so {@link #ensureRegistered()} registers
 * everything once per process and fails loudly if any registration is refused. Nobody else in the
 * project may call {@link TensorFlow#registerCustomGradient}.
 *
 * <p>The drop-in optimizer of {@code l2o-policies} ({@code PolicyOptimizer}, {@code L2O.load}) calls
 * {@link #ensureRegistered()} itself. A program that trains with TF Java's own optimizers only ({@code Adam},
 * {@code GradientDescent}, ...) calls it once before its first {@code minimize}, so that, for instance, a
 * classifier's {@code SparseSoftmaxCrossEntropyWithLogits} loss has a gradient.
 *
 * <p>Registered op types (all inputs that are integer tensors get {@code zerosLike}):
 * <ul>
 *   <li>{@code SparseSoftmaxCrossEntropyWithLogits}: {@code g_loss[:,None]*backprop +
 *       (g_bp - sum(g_bp*softmax))*softmax}; the second term is skipped when {@code g_bp} is a
 *       {@code ZerosLike} op (the backprop output is unused).</li>
 *   <li>{@code ReluGrad}, {@code BiasAddGrad}, {@code MaxPoolGradV2} (Java class {@code nn.MaxPoolGrad}),
 *       {@code MaxPoolGrad} (V1), {@code Conv2DBackpropFilter}, {@code SigmoidGrad}, {@code TanhGrad},
 *       {@code OnesLike} (seeds the first pass of {@code addGradients}).</li>
 *   <li>{@code SqrtGrad}, {@code RsqrtGrad}, {@code ReciprocalGrad}, {@code StridedSliceGrad}: emitted by
 *       the built-in first-order gradients of Sqrt, Rsqrt, Reciprocal and StridedSlice, which update
 *       rules and slicing code use.</li>
 *   <li>{@code Snapshot}: the gradient gates of {@link GradientGate} ({@code select(condition, g, 0)}).</li>
 * </ul>
 * Custom-gradient registration is unsupported on Windows builds of TensorFlow Java.
 *
 * <p>Rules for gradient functions (learned the hard way): never return {@code null} (use
 * {@code zerosLike} for integer inputs); never query a tensor's static shape inside one
 * ({@code Output.shape()} takes the graph lock that {@code addGradients} holds: deadlock); an unused
 * output's incoming gradient arrives as a {@code ZerosLike} op.
 */
public final class CustomGradients {

  /** Registers one op type's gradient; {@code false} means the op type already had one. */
  @FunctionalInterface
  interface Registrar {
    boolean register(String opType, RawCustomGradient gradient);
  }

  private static final Map<String, RawCustomGradient> GRADIENTS = gradients();

  private static boolean attempted;
  private static RuntimeException failure;
  // Native code calls this adapter for every registered op type: keep it strongly reachable forever.
  private static TFJ_GradFuncAdapter adapter;

  private CustomGradients() {}

  /**
   * Registers all gradients of this class, once per process. Later calls return at once (or rethrow the
   * failure of the first call).
   *
   * @throws IllegalStateException if TensorFlow refused a registration, i.e. another gradient for that op
   *     type was registered first (a silent conflict that would corrupt meta-gradients), or if no native
   *     callback slot was left
   */
  public static synchronized void ensureRegistered() {
    if (!attempted) {
      attempted = true;
      try {
        registerNatively();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Op types registered by {@link #ensureRegistered()}, in registration order.
   *
   * @return the op type names
   */
  public static List<String> registeredOpTypes() {
    return List.copyOf(GRADIENTS.keySet());
  }

  /**
   * TensorFlow Java 1.1.0 backs each {@code TensorFlow.registerCustomGradient} call with a new JavaCPP
   * callback, and JavaCPP allows only 10 callback instances of that class per process: an 11th
   * registration yields a null function pointer and the JVM crashes (SIGSEGV) at the first gradient
   * through it. So one dispatching adapter serves all op types here, registered per op type through
   * the native entry point that {@code registerCustomGradient} itself uses.
   */
  private static void registerNatively() {
    TensorFlow.version(); // loads the native library
    TFJ_GradFuncAdapter a = RawCustomGradient.adapter(CustomGradients::dispatch);
    if (a.isNull()) {
      throw new IllegalStateException("no native callback slot left for custom gradients: JavaCPP allows "
          + "10 gradient adapters per process and other code used them (only CustomGradients may register)");
    }
    adapter = a;
    registerAll((opType, gradient) -> tensorflow.TFJ_RegisterCustomGradient(opType, adapter));
  }

  /** Routes a gradient request from native code to the function registered for the op's type. */
  private static List<Operand<?>> dispatch(Ops tf, GraphOperation op, List<Output<?>> grads) {
    RawCustomGradient g = GRADIENTS.get(op.type());
    if (g == null) {
      throw new IllegalStateException("no custom gradient for op type " + op.type());
    }
    return g.call(tf, op, grads);
  }

  /** Registers every gradient through {@code registrar}; throws naming the first refused op type. */
  static void registerAll(Registrar registrar) {
    for (Map.Entry<String, RawCustomGradient> e : GRADIENTS.entrySet()) {
      if (!registrar.register(e.getKey(), e.getValue())) {
        throw new IllegalStateException("TensorFlow refused the custom gradient for op type '" + e.getKey()
            + "': a gradient for it was registered earlier in this process (built-in or by other code). "
            + "Only CustomGradients may register gradients; the existing one may lack second-order terms.");
      }
    }
  }

  private static Map<String, RawCustomGradient> gradients() {
    Map<String, RawCustomGradient> g = new LinkedHashMap<>();
    g.put("SparseSoftmaxCrossEntropyWithLogits", CustomGradients::sparseSoftmaxCrossEntropyGrad);
    g.put("ReluGrad", (tf, op, grads) -> List.of(
        tf.nn.reluGrad(num(grads.get(0)), num(op.input(1))), tf.zerosLike(op.input(1))));
    g.put("BiasAddGrad", (tf, op, grads) -> List.of(tf.nn.biasAdd(
        tf.zerosLike(any(op.input(0))), any(grads.get(0)),
        BiasAdd.dataFormat(op.attributes().getAttrString("data_format")))));
    g.put("MaxPoolGradV2", CustomGradients::maxPoolGradV2Grad);
    g.put("MaxPoolGrad", CustomGradients::maxPoolGradV1Grad);
    g.put("Conv2DBackpropFilter", CustomGradients::conv2dBackpropFilterGrad);
    g.put("SigmoidGrad", (tf, op, grads) -> {
      // y = sigmoid(x), dy: out = dy*y*(1-y). d/dy = g*dy*(1-2y); d/d(dy) = SigmoidGrad(y, g).
      Operand<TType> y = any(op.input(0));
      Operand<TType> gb = tf.math.mul(any(grads.get(0)), any(op.input(1)));
      return List.of(tf.math.sub(gb, tf.math.mul(tf.math.add(gb, gb), y)),
          tf.math.sigmoidGrad(y, any(grads.get(0))));
    });
    g.put("TanhGrad", (tf, op, grads) -> {
      // out = dy*(1-y^2). d/dy = -2*g*dy*y; d/d(dy) = TanhGrad(y, g).
      Operand<TType> y = any(op.input(0));
      Operand<TType> gb = tf.math.mul(any(grads.get(0)), any(op.input(1)));
      return List.of(tf.math.neg(tf.math.mul(tf.math.add(gb, gb), y)),
          tf.math.tanhGrad(y, any(grads.get(0))));
    });
    g.put("OnesLike", (tf, op, grads) -> List.of(tf.zerosLike(op.input(0))));
    g.put("SqrtGrad", (tf, op, grads) -> {
      // y = sqrt(x), out = 0.5*dy/y. d/dy = -g*out/y; d/d(dy) = 0.5*g/y.
      Operand<TType> y = any(op.input(0));
      Operand<TType> ga = tf.math.div(any(grads.get(0)), y);
      return List.of(tf.math.neg(tf.math.mul(ga, any(op.output(0)))),
          tf.math.mul(ga, scalar(tf, 0.5, y)));
    });
    g.put("RsqrtGrad", (tf, op, grads) -> {
      // y = x^-1/2, out = -0.5*dy*y^3. d/dy = -1.5*g*dy*y^2; d/d(dy) = RsqrtGrad(y, g).
      Operand<TType> y = any(op.input(0));
      Operand<TType> g0 = any(grads.get(0));
      return List.of(
          tf.math.mul(tf.math.mul(tf.math.mul(g0, any(op.input(1))), tf.math.square(y)), scalar(tf, -1.5, y)),
          tf.math.rsqrtGrad(y, g0));
    });
    g.put("ReciprocalGrad", (tf, op, grads) -> {
      // y = 1/x, out = -dy*y^2. d/dy = -2*g*dy*y; d/d(dy) = ReciprocalGrad(y, g).
      Operand<TType> y = any(op.input(0));
      Operand<TType> g0 = any(grads.get(0));
      Operand<TType> gb = tf.math.mul(g0, any(op.input(1)));
      return List.of(tf.math.neg(tf.math.mul(tf.math.add(gb, gb), y)), tf.math.reciprocalGrad(y, g0));
    });
    g.put("StridedSliceGrad", CustomGradients::stridedSliceGradGrad);
    g.put(GradientGate.OP_TYPE, GradientGate::gradient);
    return g;
  }

  private static List<Operand<?>> sparseSoftmaxCrossEntropyGrad(Ops tf, GraphOperation op, List<Output<?>> grads) {
    Operand<TNumber> logits = num(op.input(0));
    Operand<TNumber> backprop = num(op.output(1));
    Operand<TNumber> gLoss = num(grads.get(0));
    Operand<TNumber> grad = tf.math.mul(tf.expandDims(gLoss, tf.constant(-1)), backprop);
    Output<?> gBackprop = grads.get(1);
    if (!"ZerosLike".equals(gBackprop.op().type())) {
      // Second-order term: the softmax Jacobian applied to the gradient flowing into backprop.
      Operand<TNumber> softmax = tf.nn.softmax(logits);
      Operand<TNumber> gb = num(gBackprop);
      Operand<TNumber> dot = tf.reduceSum(tf.math.mul(gb, softmax), tf.constant(-1),
          org.tensorflow.op.core.ReduceSum.keepDims(true));
      grad = tf.math.add(grad, tf.math.mul(tf.math.sub(gb, dot), softmax));
    }
    return List.of(grad, tf.zerosLike(op.input(1)));
  }

  private static List<Operand<?>> maxPoolGradV2Grad(Ops tf, GraphOperation op, List<Output<?>> grads) {
    // Inputs: orig_input, orig_output, grad, ksize, strides.
    Operand<TNumber> gradGrad = tf.nn.maxPoolGradGrad(num(op.input(0)), num(op.input(1)), num(grads.get(0)),
        int32(op.input(3)), int32(op.input(4)), op.attributes().getAttrString("padding"),
        MaxPoolGradGrad.dataFormat(op.attributes().getAttrString("data_format")));
    return List.of(tf.zerosLike(op.input(0)), tf.zerosLike(op.input(1)), gradGrad,
        tf.zerosLike(op.input(3)), tf.zerosLike(op.input(4)));
  }

  private static List<Operand<?>> maxPoolGradV1Grad(Ops tf, GraphOperation op, List<Output<?>> grads) {
    // V1 keeps ksize/strides as attributes and has no Java class for its grad-grad: build it raw.
    Output<?> gradGrad = tf.scope().opBuilder("MaxPoolGradGrad", "MaxPoolGradGrad")
        .addInput(op.input(0)).addInput(op.input(1)).addInput(grads.get(0))
        .setAttr("ksize", op.attributes().getAttrIntList("ksize"))
        .setAttr("strides", op.attributes().getAttrIntList("strides"))
        .setAttr("padding", op.attributes().getAttrString("padding"))
        .setAttr("data_format", op.attributes().getAttrString("data_format"))
        .build().output(0);
    return List.of(tf.zerosLike(op.input(0)), tf.zerosLike(op.input(1)), gradGrad);
  }

  private static List<Operand<?>> conv2dBackpropFilterGrad(Ops tf, GraphOperation op, List<Output<?>> grads) {
    // Inputs: input, filter_sizes, out_backprop. Output: dL/dfilter, linear in input and out_backprop.
    Operand<TNumber> input = num(op.input(0));
    Operand<TNumber> dy = num(op.input(2));
    Operand<TNumber> g = num(grads.get(0));
    var attrs = op.attributes();
    List<Long> strides = boxed(attrs.getAttrIntList("strides"));
    List<Long> dilations = boxed(attrs.getAttrIntList("dilations"));
    String padding = attrs.getAttrString("padding");
    String dataFormat = attrs.getAttrString("data_format");
    List<Long> explicit = boxed(attrs.getAttrIntList("explicit_paddings"));
    boolean cudnn = attrs.getAttrBool("use_cudnn_on_gpu");

    List<Conv2dBackpropInput.Options> inputOptions = new ArrayList<>(List.of(
        Conv2dBackpropInput.dilations(dilations), Conv2dBackpropInput.dataFormat(dataFormat),
        Conv2dBackpropInput.useCudnnOnGpu(cudnn)));
    List<Conv2d.Options> convOptions = new ArrayList<>(List.of(
        Conv2d.dilations(dilations), Conv2d.dataFormat(dataFormat), Conv2d.useCudnnOnGpu(cudnn)));
    if ("EXPLICIT".equals(padding)) {
      inputOptions.add(Conv2dBackpropInput.explicitPaddings(explicit));
      convOptions.add(Conv2d.explicitPaddings(explicit));
    }
    Operand<TNumber> dInput = tf.nn.conv2dBackpropInput(tf.shape(input), g, dy, strides, padding,
        inputOptions.toArray(new Conv2dBackpropInput.Options[0]));
    Operand<TNumber> dOutBackprop = tf.nn.conv2d(input, g, strides, padding,
        convOptions.toArray(new Conv2d.Options[0]));
    return List.of(dInput, tf.zerosLike(op.input(1)), dOutBackprop);
  }

  private static List<Operand<?>> stridedSliceGradGrad(Ops tf, GraphOperation op, List<Output<?>> grads) {
    // Inputs: shape, begin, end, strides, dy. The op scatters dy; its gradient slices g the same way.
    var attrs = op.attributes();
    Operand<TType> sliced = tf.stridedSlice(any(grads.get(0)), num(op.input(1)), num(op.input(2)),
        num(op.input(3)),
        StridedSlice.beginMask(attrs.getAttrInt("begin_mask")),
        StridedSlice.endMask(attrs.getAttrInt("end_mask")),
        StridedSlice.ellipsisMask(attrs.getAttrInt("ellipsis_mask")),
        StridedSlice.newAxisMask(attrs.getAttrInt("new_axis_mask")),
        StridedSlice.shrinkAxisMask(attrs.getAttrInt("shrink_axis_mask")));
    return List.of(tf.zerosLike(op.input(0)), tf.zerosLike(op.input(1)), tf.zerosLike(op.input(2)),
        tf.zerosLike(op.input(3)), sliced);
  }

  /** A scalar constant of the same element type as {@code like}. */
  private static Operand<TType> scalar(Ops tf, double value, Operand<TType> like) {
    return tf.dtypes.cast(tf.constant(value), like.type());
  }

  private static List<Long> boxed(long[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  // The raw gradient API hands out untyped outputs; the element types are fixed by the op's definition.
  @SuppressWarnings("unchecked")
  private static Operand<TNumber> num(Operand<?> o) {
    return (Operand<TNumber>) o;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TType> any(Operand<?> o) {
    return (Operand<TType>) o;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TInt32> int32(Operand<?> o) {
    return (Operand<TInt32>) o;
  }
}
