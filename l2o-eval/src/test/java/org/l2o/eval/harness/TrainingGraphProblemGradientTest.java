package org.l2o.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.l2o.core.policy.Initializers;
import org.l2o.core.policy.StateSpec;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.problem.Problem;
import org.l2o.core.tf.Losses;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The harness trains with the problem's own gradient ({@link Problem#lossAndGradient}, not the gradient of its
 * loss), writes the next model state in training steps only, and evaluates test batches in inference mode.
 */
class TrainingGraphProblemGradientTest {

  /**
   * Logits (w0 + m0, w1 + m1) in inference, (w0, w1) in training for every example; training moves the state m by
   * (mean x, 0); the "gradient" is the constant (-1, 1), whatever the loss (labels 0).
   */
  static final class Toy implements Problem {
    boolean sawKey;

    @Override
    public String name() {
      return "toy";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(new ParamSpec("w", Shape.of(2), Initializers.zeros()));
    }

    @Override
    public int batchSize() {
      return 4;
    }

    @Override
    public int epochs() {
      return 1;
    }

    @Override
    public Shape inputShape() {
      return Shape.of(1, 1, 1);
    }

    @Override
    public List<StateSpec> modelStateSpecs() {
      return List.of(StateSpec.float32("m", Shape.of(2)));
    }

    @Override
    public boolean usesRandomKey() {
      return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Prediction predict(Ops tf, ProblemInput in) {
      Operand<TFloat32> w = in.params().get(0);
      Operand<TFloat32> m = (Operand<TFloat32>) in.modelState().get(0);
      Operand<TFloat32> row = in.training() ? w : tf.math.add(w, m);
      Operand<TFloat32> logits = tf.broadcastTo(row, tf.constant(new long[] {batchSize(), 2}));
      Operand<TFloat32> meanX = tf.math.mean(in.batch().inputs(), tf.constant(new int[] {0, 1, 2, 3}));
      Operand<TFloat32> next = tf.math.add(m, tf.math.mul(meanX, tf.constant(new float[] {1, 0})));
      return new Prediction(logits, List.of(in.training() ? next : m));
    }

    @Override
    public LossAndGradient lossAndGradient(Ops tf, ProblemInput in) {
      sawKey = in.key() != null;
      Prediction p = predict(tf, in);
      return new LossAndGradient(Losses.meanSparseSoftmaxCrossEntropy(tf, p.logits(), in.batch().labels()),
          List.of(tf.constant(new float[] {-1, 1})), p.modelState());
    }
  }

  private static double ce(double a, double b) {
    return Math.log1p(Math.exp(b - a));
  }

  @Test
  void trainsWithTheProblemsGradientAndUpdatesModelStateOnlyInTraining() {
    Toy toy = new Toy();
    float c = 0.25f;
    float[] x = {c, c, c, c};
    int[] labels = {0, 0, 0, 0};
    try (TrainingGraph g = new TrainingGraph(toy, Shape.of(1, 1, 1), graph -> new GradientDescent(graph, 1.0f),
        new Random(3))) {
      assertThat(toy.sawKey).as("a random problem gets a key in training").isTrue();
      float[] first = g.run(x, labels, true);      // w = 0
      assertThat((double) first[0]).isCloseTo(Math.log(2), within(1e-6));
      float[] second = g.run(x, labels, true);     // w = (1, -1): the problem's gradient, lr 1
      assertThat((double) second[0]).isCloseTo(ce(1, -1), within(1e-6));
      assertThat(second[1]).as("every example predicts class 0").isEqualTo(4f);
      // now w = (2, -2) and m = (2c, 0): the test loss sees the model state, and does not change it
      float[] test1 = g.run(x, labels, false);
      float[] test2 = g.run(x, labels, false);
      assertThat((double) test1[0]).isCloseTo(ce(2 + 2 * c, -2), within(1e-6));
      assertThat(test2[0]).isEqualTo(test1[0]);
      g.run(x, labels, true);
      assertThat((double) g.run(x, labels, false)[0]).isCloseTo(ce(3 + 3 * c, -3), within(1e-6));
    }
  }
}
