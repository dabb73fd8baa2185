package org.l2o.perturbations;

import java.util.HashMap;
import java.util.Map;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.perturbation.WeightTransform;
import org.l2o.core.policy.StepContext;
import org.l2o.core.policy.Weights;
import org.l2o.core.random.RandomKeys;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The original's {@code RandomPerturbation} (spec §8, §17): every use of a weight tensor {@code w} reads
 * {@code w + sigma_w * z} with fresh standard normal {@code z} of w's shape, drawn with stateless ops from the
 * step's key folded with the optimizee tensor, the weight's name and the use. So W, U and b of each layer, every
 * optimizee tensor, every inner step and every pass get independent draws, and the same fed key reproduces them.
 *
 * <ul>
 *   <li>absolute: {@code sigma_w = sigma};
 *   <li>relative (eq. 5): {@code sigma_w = sigma * sqrt(mean(w^2 + epsilon))}, sigma times the tensor's RMS. As in
 *       the original the meta-gradient flows through {@code sigma_w(w)}; {@code stopSigmaGradient} treats
 *       {@code sigma_w} as a constant instead (an O(sigma) change of the meta-gradient).
 * </ul>
 * Noise acts where the student runs in training mode (meta-training, warm-up and validation), never at deployment
 * ({@link StepContext#training()} false). It has no attack steps and no host offset.
 */
public final class GaussianNoise implements Perturbation, WeightTransform {
  private final double sigma;
  private final boolean relative;
  private final double epsilon;
  private final boolean stopSigmaGradient;

  /**
   * @param sigma             the standard deviation (absolute) or its factor on the RMS (relative); at least 0
   * @param relative          whether sigma scales with the tensor's RMS
   * @param epsilon           added to every w^2 inside the RMS (the original's 1e-8)
   * @param stopSigmaGradient whether the meta-gradient ignores sigma_w's dependence on w (relative only)
   */
  public GaussianNoise(double sigma, boolean relative, double epsilon, boolean stopSigmaGradient) {
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("noise_stddev must be a finite number >= 0, got " + sigma);
    }
    if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
    }
    this.sigma = sigma;
    this.relative = relative;
    this.epsilon = epsilon;
    this.stopSigmaGradient = stopSigmaGradient;
  }

  /** The standard deviation or, if relative, its factor on the RMS. */
  public double sigma() {
    return sigma;
  }

  /** Whether sigma scales with the tensor's RMS. */
  public boolean relative() {
    return relative;
  }

  @Override
  public WeightTransform transform() {
    return this;
  }

  @Override
  public boolean drawsPerUse() {
    return true;
  }

  @Override
  public Weights apply(Ops tf, Map<String, Operand<TFloat32>> weights, StepContext context) {
    Weights plain = IDENTITY.apply(tf, weights, context);
    if (!context.training() || sigma == 0) {
      return plain;
    }
    Operand<TInt64> key = context.key(tf, "weight_perturbation");
    return new Drawn(plain, key, -1, new HashMap<>());
  }

  /** The weights of one step; {@code uses} counts the draws per (tensor, weight) so that no two uses share one. */
  private final class Drawn implements Weights {
    private final Weights plain;
    private final Operand<TInt64> key;
    private final int tensor;
    private final Map<String, Integer> uses;

    Drawn(Weights plain, Operand<TInt64> key, int tensor, Map<String, Integer> uses) {
      this.plain = plain;
      this.key = key;
      this.tensor = tensor;
      this.uses = uses;
    }

    @Override
    public Operand<TFloat32> get(Ops tf, String name) {
      Operand<TFloat32> w = plain.get(tf, name);
      int use = uses.merge(tensor + "/" + name, 1, Integer::sum) - 1;
      Operand<TInt64> k = RandomKeys.fold(tf, RandomKeys.fold(tf, RandomKeys.fold(tf, key, 7_919L * (tensor + 2)),
          name), 104_729L * (use + 1));
      // The static shape: a Shape op of w would put the random op on a path from w, and it has no gradient.
      if (w.shape().hasUnknownDimension()) {
        throw new IllegalStateException("weight '" + name + "' has no static shape " + w.shape());
      }
      return tf.math.add(w, tf.math.mul(stddev(tf, w), RandomKeys.normal(tf, k, w.shape())));
    }

    @Override
    public Weights forTensor(int index) {
      return new Drawn(plain, key, index, uses);
    }
  }

  private Operand<TFloat32> stddev(Ops tf, Operand<TFloat32> w) {
    Operand<TFloat32> s = tf.constant((float) sigma);
    if (!relative) {
      return s;
    }
    int[] axes = new int[w.shape().numDimensions()];
    for (int d = 0; d < axes.length; d++) {
      axes[d] = d;
    }
    Operand<TFloat32> meanSquare = tf.math.mean(tf.math.add(tf.math.square(w), tf.constant((float) epsilon)),
        tf.constant(axes));
    Operand<TFloat32> rms = tf.math.sqrt(meanSquare);
    return tf.math.mul(s, stopSigmaGradient ? tf.stopGradient(rms) : rms);
  }

  @Override
  public String toString() {
    return "RandomPerturbation{noise_stddev=" + sigma + ", relative=" + relative + "}";
  }
}
