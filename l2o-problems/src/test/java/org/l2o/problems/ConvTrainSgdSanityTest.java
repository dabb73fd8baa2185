package org.l2o.problems;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.data.ImageSet;
import org.l2o.core.problem.ParamSpec;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * conv_train trained with 50 plain SGD steps (lr 0.1, batch 128) on synthetic, separable images: the
 * loss must fall well below its start (ln 10 for random init) and the training accuracy must rise. Shows
 * that the network, the loss and its gradients work together; real-data tests live elsewhere.
 */
class ConvTrainSgdSanityTest {

  @Test
  void fiftySgdStepsDriveTheLossDown() {
    ImageSet data = SyntheticImages.squares("synthetic/train", 2048, 28, 10, 3);
    ImageClassifier p = ProblemRegistry.create("conv_train", (dataset, split) -> data);
    int b = p.batchSize();
    List<ParamSpec> specs = p.params();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat32>> theta = new ArrayList<>();
      for (ParamSpec s : specs) {
        theta.add(tf.placeholder(TFloat32.class, Placeholder.shape(s.shape())));
      }
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(b, 28, 28, 1)));
      Operand<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(b)));
      Operand<TFloat32> loss = p.loss(tf, theta, x, y);
      Operand<TFloat32> acc = p.accuracy(tf, theta, x, y);
      Output<?>[] grads = g.addGradients(loss.asOutput(), theta.stream().map(Operand::asOutput).toArray(Output[]::new));
      List<Operand<TFloat32>> next = new ArrayList<>();
      for (int i = 0; i < theta.size(); i++) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> gi = (Operand<TFloat32>) grads[i];
        next.add(tf.math.sub(theta.get(i), tf.math.mul(tf.constant(0.1f), gi)));
      }

      List<float[]> values = p.init(new Random(12345));
      Random rng = new Random(5);
      float[] images = new float[b * 784];
      int[] labels = new int[b];
      List<Float> losses = new ArrayList<>();
      List<Float> accs = new ArrayList<>();
      try (Session s = new Session(g)) {
        for (int step = 0; step < 50; step++) {
          int[] idx = rng.ints(0, data.size()).distinct().limit(b).toArray();
          p.trainData().gather(idx, 0, b, images, 0, labels, 0);
          List<Tensor> fed = new ArrayList<>();
          try {
            Session.Runner r = s.runner();
            for (int i = 0; i < theta.size(); i++) {
              TFloat32 t = TFloat32.tensorOf(specs.get(i).shape(), DataBuffers.of(values.get(i), true, false));
              fed.add(t);
              r.feed(theta.get(i), t);
            }
            TFloat32 xt = TFloat32.tensorOf(Shape.of(b, 28, 28, 1), DataBuffers.of(images, true, false));
            TInt32 yt = TInt32.tensorOf(Shape.of(b), DataBuffers.of(labels, true, false));
            fed.add(xt);
            fed.add(yt);
            r.feed(x, xt).feed(y, yt).fetch(loss).fetch(acc);
            next.forEach(r::fetch);
            try (Result res = r.run()) {
              losses.add(((TFloat32) res.get(0)).getFloat());
              accs.add(((TFloat32) res.get(1)).getFloat());
              for (int i = 0; i < theta.size(); i++) {
                float[] v = new float[values.get(i).length];
                ((TFloat32) res.get(2 + i)).copyTo(DataBuffers.of(v, false, false));
                values.set(i, v);
              }
            }
          } finally {
            fed.forEach(Tensor::close);
          }
        }
      }
      float first = losses.get(0);
      double lastMean = losses.subList(45, 50).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
      double lastAcc = accs.subList(45, 50).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
      assertThat(first).as("initial loss ~ ln 10").isBetween(1.8f, 2.9f);
      assertThat(lastMean).as("losses " + losses).isLessThan(0.1 * first);
      assertThat(lastAcc).as("accuracies " + accs).isGreaterThan(0.8);
    }
  }
}
