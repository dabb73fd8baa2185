package org.l2o.problems;

import java.util.ArrayList;
import java.util.List;
import org.l2o.core.policy.StateSpec;
import org.l2o.problems.nn.ResNet;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * The original's {@code resnet} evaluation problems (spec §9.3): a {@link ResNet} of depth D and width k on a
 * dataset, whose batch-norm moving statistics are the problem's model state. {@link #predict} uses batch statistics
 * and returns the updated moving averages in training, the moving averages in inference; {@link #logits} and
 * {@link #forward} (no model state given) evaluate in inference mode at the initial state (moving mean 0, variance 1).
 */
public final class ResNetClassifier extends ImageClassifier {

  private final ResNet net;

  /**
   * @param depth D (28 for {@code resnet})
   * @param width k (1 for {@code resnet}, 4 for {@code wide_resnet})
   */
  public ResNetClassifier(String name, DatasetSpec dataset, int depth, int width, int batchSize, int epochs,
      DatasetLoader loader) {
    this(name, dataset, new ResNet(dataset.exampleShape(), depth, width, dataset.numClasses()), batchSize, epochs,
        loader);
  }

  private ResNetClassifier(String name, DatasetSpec dataset, ResNet net, int batchSize, int epochs,
      DatasetLoader loader) {
    super(name, dataset, net.params(), batchSize, epochs, loader);
    this.net = net;
  }

  /** The architecture (depth, width, parameter and state layout). */
  public ResNet resnet() {
    return net;
  }

  @Override
  public List<StateSpec> modelStateSpecs() {
    return net.stateSpecs();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Prediction predict(Ops tf, ProblemInput in) {
    List<Operand<TFloat32>> state = new ArrayList<>();
    for (Operand<?> s : in.modelState()) {
      state.add((Operand<TFloat32>) s);
    }
    ResNet.Forward<TFloat32> out = net.apply(tf, in.params(), state, in.batch().inputs(), in.training());
    return new Prediction(out.logits(), new ArrayList<>(out.state()));
  }

  @Override
  public <T extends TFloating> Operand<T> forward(Ops tf, List<? extends Operand<T>> params, Operand<T> images) {
    List<Operand<T>> state = new ArrayList<>();
    for (StateSpec spec : net.stateSpecs()) {
      state.add(tf.zeros(tf.constant(spec.shape().asArray()), images.type()));
    }
    return net.apply(tf, params, state, images, false).logits();
  }
}
