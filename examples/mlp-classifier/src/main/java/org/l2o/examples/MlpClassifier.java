package org.l2o.examples;

import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains a small MLP classifier (2-32-32-3, ReLU) on three interleaved spirals with a learned optimizer loaded from
 * a package, and the same network from the same initial weights with TF Java's Adam, printing the training loss
 * and test accuracy of both after every epoch. Arguments: the package folder, then optionally the epochs (10).
 */
public final class MlpClassifier {
  static final int CLASSES = 3, HIDDEN = 32, BATCH = 32;

  public static void main(String[] args) throws Exception {
    LearnedOptimizer l2o = L2O.load(Path.of(args[0]));
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    float[][] xTrain = new float[1200][], xTest = new float[600][];
    int[] yTrain = spirals(new Random(1), xTrain), yTest = spirals(new Random(2), xTest);
    float[][] l2oRun = train(g -> l2o.optimizer(g), xTrain, yTrain, xTest, yTest, epochs);
    float[][] adamRun = train(g -> new Adam(g, 0.005f), xTrain, yTrain, xTest, yTest, epochs);
    System.out.println("epoch  l2o_loss  l2o_acc  adam_loss  adam_acc");
    for (int e = 0; e <= epochs; e++) {
      System.out.printf("%5d  %8.4f  %7.3f  %9.4f  %8.3f%n", e, l2oRun[e][0], l2oRun[e][1], adamRun[e][0], adamRun[e][1]);
    }
  }

  /** Training loss and test accuracy before training and after each epoch. */
  static float[][] train(Function<Graph, Optimizer> optimizer, float[][] xTrain, int[] yTrain,
      float[][] xTest, int[] yTest, int epochs) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Random init = new Random(0); // the same initial weights for every optimizer
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
      Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> h = x;
      int width = 2;
      for (int out : new int[] {HIDDEN, HIDDEN, CLASSES}) {
        Operand<TFloat32> w = tf.variable(tf.constant(glorot(init, width, out)));
        Operand<TFloat32> b = tf.variable(tf.constant(new float[out]));
        h = tf.math.add(tf.linalg.matMul(h, w), b);
        h = out == CLASSES ? h : tf.nn.relu(h);
        width = out;
      }
      Operand<TFloat32> loss = tf.math.mean(tf.nn.sparseSoftmaxCrossEntropyWithLogits(h, y).loss(), tf.constant(0));
      Operand<TFloat32> accuracy = tf.math.mean(tf.dtypes.cast(
          tf.math.equal(tf.math.argMax(h, tf.constant(1), TInt32.class), y), TFloat32.class), tf.constant(0));
      Op step = optimizer.apply(g).minimize(loss);
      float[][] curve = new float[epochs + 1][];
      try (Session s = new Session(g)) {
        s.initialize();
        Random order = new Random(3);
        for (int e = 0; e <= epochs; e++) {
          for (int start = 0; e > 0 && start < xTrain.length; start += BATCH) {
            int[] idx = order.ints(BATCH, 0, xTrain.length).toArray();
            float[][] xb = new float[BATCH][];
            int[] yb = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
              xb[i] = xTrain[idx[i]];
              yb[i] = yTrain[idx[i]];
            }
            run(s, step, null, x, xb, y, yb);
          }
          curve[e] = new float[] {run(s, null, loss, x, xTrain, y, yTrain), run(s, null, accuracy, x, xTest, y, yTest)};
        }
      }
      return curve;
    }
  }

  /** Runs {@code step} or fetches the scalar {@code value} on one feed. */
  static float run(Session s, Op step, Operand<TFloat32> value, Placeholder<TFloat32> x, float[][] xs,
      Placeholder<TInt32> y, int[] ys) {
    try (TFloat32 xt = TFloat32.tensorOf(StdArrays.ndCopyOf(xs)); TInt32 yt = TInt32.vectorOf(ys)) {
      Session.Runner r = s.runner().feed(x, xt).feed(y, yt);
      if (step != null) {
        r.addTarget(step).run().close();
        return Float.NaN;
      }
      try (Result result = r.fetch(value).run()) {
        return ((TFloat32) result.get(0)).getFloat();
      }
    }
  }

  /** Fills {@code xs} with points of three noisy interleaved spirals; returns their classes. */
  static int[] spirals(Random random, float[][] xs) {
    int[] ys = new int[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = i % CLASSES;
      double r = random.nextDouble(), angle = 4 * r + 2 * Math.PI * ys[i] / CLASSES + 0.2 * random.nextGaussian();
      xs[i] = new float[] {(float) (r * Math.cos(angle)), (float) (r * Math.sin(angle))};
    }
    return ys;
  }

  static float[][] glorot(Random random, int in, int out) {
    float[][] w = new float[in][out];
    double scale = Math.sqrt(2.0 / (in + out));
    for (float[] row : w) {
      for (int j = 0; j < out; j++) {
        row[j] = (float) (scale * random.nextGaussian());
      }
    }
    return w;
  }
}
