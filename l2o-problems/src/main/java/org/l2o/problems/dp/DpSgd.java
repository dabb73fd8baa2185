package org.l2o.problems.dp;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.random.RandomKeys;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The original's DP-SGD gradient (spec §9.2, {@code model_dp_fit}): each example's full gradient is clipped to a
 * global L2 norm of at most {@code clipNorm} ({@code g_i * clip / max(||g_i||, clip)}, as
 * {@code tf.clip_by_global_norm}), the clipped gradients are summed, Gaussian noise of standard deviation
 * {@code clipNorm * noiseMultiplier} is added (stateless, one stream per tensor from the step's key), and the result
 * is divided by the batch size.
 *
 * @param clipNorm        the per-example L2 bound C (the original's 1.0)
 * @param noiseMultiplier sigma (the original's 1.1)
 */
public record DpSgd(double clipNorm, double noiseMultiplier) {

  /** The original's clip norm. */
  public static final double CLIP_NORM = 1.0;
  /** The original's noise multiplier. */
  public static final double NOISE_MULTIPLIER = 1.1;

  public DpSgd {
    if (!(clipNorm > 0) || !(noiseMultiplier >= 0)) {
      throw new IllegalArgumentException("DP-SGD needs clip norm > 0 and noise multiplier >= 0, got " + clipNorm
          + ", " + noiseMultiplier);
    }
  }

  /** The original's settings: clip 1.0, noise 1.1. */
  public static DpSgd original() {
    return new DpSgd(CLIP_NORM, NOISE_MULTIPLIER);
  }

  /**
   * The per-example L2 norms of the full gradients.
   *
   * @param perExample one [B, ...] tensor per parameter tensor
   * @return [B]
   */
  public static Operand<TFloat32> norms(Ops tf, List<Operand<TFloat32>> perExample) {
    Operand<TFloat32> sq = null;
    for (Operand<TFloat32> g : perExample) {
      int rank = g.shape().numDimensions();
      int[] axes = new int[rank - 1];
      for (int a = 1; a < rank; a++) {
        axes[a - 1] = a;
      }
      Operand<TFloat32> s = rank == 1 ? tf.math.square(g) : tf.reduceSum(tf.math.square(g), tf.constant(axes));
      sq = sq == null ? s : tf.math.add(sq, s);
    }
    return tf.math.sqrt(sq);
  }

  /**
   * The noised mean of the clipped per-example gradients.
   *
   * @param perExample one [B, ...] tensor per parameter tensor
   * @param key        int64 [2] key of this step's noise
   * @return one tensor per parameter tensor, of its shape
   */
  public List<Operand<TFloat32>> aggregate(Ops tf, List<Operand<TFloat32>> perExample, Operand<TInt64> key) {
    long batch = perExample.get(0).shape().get(0);
    Operand<TFloat32> clip = tf.constant((float) clipNorm);
    Operand<TFloat32> factor = tf.math.div(clip, tf.math.maximum(norms(tf, perExample), clip));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int t = 0; t < perExample.size(); t++) {
      Operand<TFloat32> g = perExample.get(t);
      long[] shape = g.shape().asArray();
      long[] bshape = new long[shape.length];
      java.util.Arrays.fill(bshape, 1);
      bshape[0] = batch;
      Operand<TFloat32> summed = tf.reduceSum(tf.math.mul(g, tf.reshape(factor, tf.constant(bshape))),
          tf.constant(0));
      Operand<TFloat32> noise = tf.math.mul(RandomKeys.normal(tf, RandomKeys.fold(tf, key, t), summed.shape()),
          tf.constant((float) (clipNorm * noiseMultiplier)));
      out.add(tf.math.div(tf.math.add(summed, noise), tf.constant((float) batch)));
    }
    return out;
  }

}
