package org.l2o.problems;

import java.util.Objects;
import org.l2o.problems.dp.DpSgd;
import org.l2o.problems.dp.PerExampleGradients;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A classifier trained with DP-SGD (spec §9.2 DP variant, {@code conv_train_dp}, {@code conv_kmnist_dp}): the same
 * network as its plain counterpart, whose training gradient ({@link #lossAndGradient} with {@code training=true}) is
 * {@link DpSgd}'s noised mean of clipped per-example gradients ({@link PerExampleGradients}), with noise drawn from
 * the step's key. The loss is the mean of the per-example losses; in inference the problem is its plain counterpart.
 */
public final class DpClassifier extends ImageClassifier {

  private final DpSgd dp;

  /**
   * @param name  registry key
   * @param plain the network, dataset, batch size and epochs
   * @param dp    clipping and noise
   */
  public DpClassifier(String name, ImageClassifier plain, DpSgd dp, DatasetLoader loader) {
    super(name, plain.dataset(), plain.network(), plain.batchSize(), plain.epochs(), loader);
    this.dp = Objects.requireNonNull(dp, "dp");
  }

  /** The clipping and noise settings. */
  public DpSgd dp() {
    return dp;
  }

  @Override
  public boolean usesRandomKey() {
    return true;
  }

  /**
   * In training: the mean per-example loss and the DP-SGD gradient.
   *
   * @throws IllegalArgumentException in training without a random key
   */
  @Override
  public LossAndGradient lossAndGradient(Ops tf, ProblemInput in) {
    if (!in.training()) {
      return super.lossAndGradient(tf, in);
    }
    if (in.key() == null) {
      throw new IllegalArgumentException(name() + ": DP-SGD training needs a random key for its noise");
    }
    PerExampleGradients.Result<TFloat32> pe = PerExampleGradients.of(tf, network(), in.params(), in.batch().inputs(),
        in.batch().labels());
    Operand<TFloat32> loss = tf.math.mean(pe.losses(), tf.constant(0));
    return new LossAndGradient(loss, dp.aggregate(tf, pe.gradients(), in.key()), in.modelState());
  }
}
