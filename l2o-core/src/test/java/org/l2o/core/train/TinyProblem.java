package org.l2o.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.problem.Problem;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A small smooth optimizee for engine tests: 2x2x1 images, flatten, Dense(3, sigmoid), Dense(2) logits, on
 * synthetic labelled data (label = brighter left column). Smooth everywhere, so finite differences are exact
 * up to rounding.
 */
final class TinyProblem implements Problem {
  private final ImageSet data;
  private final int batch;

  TinyProblem(int examples, int batch, long seed) {
    Random rng = new Random(seed);
    byte[] pixels = new byte[examples * 4];
    int[] labels = new int[examples];
    for (int i = 0; i < examples; i++) {
      for (int j = 0; j < 4; j++) {
        pixels[i * 4 + j] = (byte) rng.nextInt(256);
      }
      int left = (pixels[i * 4] & 0xff) + (pixels[i * 4 + 2] & 0xff);
      int right = (pixels[i * 4 + 1] & 0xff) + (pixels[i * 4 + 3] & 0xff);
      labels[i] = left > right ? 1 : 0;
    }
    this.data = new ImageSet("tiny", Shape.of(2, 2, 1), 2, pixels, labels);
    this.batch = batch;
  }

  @Override
  public String name() {
    return "tiny";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        new ParamSpec("dense_0/kernel", Shape.of(4, 3), TinyProblem::uniform),
        new ParamSpec("dense_0/bias", Shape.of(3), (s, r) -> new float[(int) s.size()]),
        new ParamSpec("dense_1/kernel", Shape.of(3, 2), TinyProblem::uniform),
        new ParamSpec("dense_1/bias", Shape.of(2), (s, r) -> new float[(int) s.size()]));
  }

  private static float[] uniform(Shape s, Random r) {
    float[] v = new float[(int) s.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  @Override
  public int batchSize() {
    return batch;
  }

  @Override
  public int epochs() {
    return 1;
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, List<? extends Operand<TFloat32>> params, Operand<TFloat32> images) {
    Operand<TFloat32> x = tf.reshape(images, tf.constant(new long[] {-1, 4}));
    Operand<TFloat32> h = tf.math.sigmoid(tf.nn.biasAdd(tf.linalg.matMul(x, params.get(0)), params.get(1)));
    return tf.nn.biasAdd(tf.linalg.matMul(h, params.get(2)), params.get(3));
  }

  @Override
  public Shape inputShape() {
    return Shape.of(2, 2, 1);
  }

  /** The synthetic examples (training and test alike). */
  public ImageSet trainData() {
    return data;
  }

  /** The synthetic examples. */
  public ImageSet testData() {
    return data;
  }

  /**
   * A window of {@code unroll} steps drawn with {@code rng} (its minibatches, then the initial parameters, then a
   * scaling exp(U(-1, 1))), every trajectory starting at theta0 / s with zero state: the student's, then the teachers'.
   */
  UnrollGraph.WindowInput window(int unroll, UpdateRule student, List<TeacherSpec> teachers,
      Map<String, HostTensor> weights, float metaWeight, float imitationWeight, long keySeed, Random rng) {
    WindowSampler.Batch batch = new WindowSampler(trainData(), batchSize(), unroll).sample(rng);
    ParameterLayout layout = new ParameterLayout(params());
    float[] scale = new float[(int) layout.size()];
    float[] theta = new float[scale.length];
    int k = 0;
    for (ParamSpec spec : params()) {
      for (float v : spec.initializer().sample(spec.shape(), rng)) {
        theta[k++] = v;
      }
    }
    for (int i = 0; i < scale.length; i++) {
      scale[i] = (float) Math.exp(rng.nextDouble() * 2 - 1);
      theta[i] /= scale[i];
    }
    HostTensor start = HostTensor.of(Shape.of(theta.length), theta);
    List<Trajectory> trajectories = new ArrayList<>();
    trajectories.add(Trajectory.start(start, new RuleSlots(student, layout)));
    for (TeacherSpec t : teachers) {
      trajectories.add(Trajectory.start(start, new RuleSlots(t.rule(), layout)));
    }
    return new UnrollGraph.WindowInput(batch.images(), batch.labels(), scale, weights, trajectories, metaWeight,
        imitationWeight, 0f, null, keySeed);
  }
}
