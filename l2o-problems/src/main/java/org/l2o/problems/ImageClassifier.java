package org.l2o.problems;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.l2o.core.data.ImageSet;
import org.l2o.core.problem.ParamSpec;
import org.l2o.core.problem.Problem;
import org.l2o.core.tf.Losses;
import org.l2o.problems.nn.StatelessNetwork;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TIntegral;

/**
 * An image-classification {@link Problem}: a {@link StatelessNetwork} ending in a logits head, a
 * dataset, a batch size and an epoch count. The two data splits are loaded on first use and cached.
 * The network is generic over float32/float64 ({@link #forward}); the {@link Problem} view is float32.
 */
public class ImageClassifier implements Problem {

  private final String name;
  private final DatasetSpec dataset;
  private final StatelessNetwork network;
  private final List<ParamSpec> params;
  private final int batchSize;
  private final int epochs;
  private final DatasetLoader loader;
  private ImageSet train;
  private ImageSet test;

  /**
   * @param name      registry key or another descriptive name
   * @param dataset   the dataset the network is shaped for
   * @param network   input shape must be the dataset's image shape, output [numClasses] (logits)
   * @param batchSize minibatch size
   * @param epochs    default number of evaluation epochs
   * @param loader    source of the data splits
   */
  public ImageClassifier(String name, DatasetSpec dataset, StatelessNetwork network, int batchSize, int epochs,
      DatasetLoader loader) {
    this(name, dataset, Objects.requireNonNull(network, "network").params(), network, batchSize, epochs, loader);
    if (!network.inputShape().equals(dataset.exampleShape())) {
      throw new IllegalArgumentException(name + ": network input " + network.inputShape() + " does not match "
          + dataset.name() + " images " + dataset.exampleShape());
    }
    if (network.outputShape().numDimensions() != 1 || network.outputShape().get(0) != dataset.numClasses()) {
      throw new IllegalArgumentException(name + ": network output " + network.outputShape() + " is not ["
          + dataset.numClasses() + "] logits");
    }
  }

  /**
   * A classifier that is not a sequential {@link StatelessNetwork} (a subclass builds its graph itself, e.g. a
   * ResNet with batch norm: it overrides {@link #forward} and {@link #predict}); {@link #network()} then fails.
   *
   * @param params the parameter tensors in order
   */
  protected ImageClassifier(String name, DatasetSpec dataset, List<ParamSpec> params, int batchSize, int epochs,
      DatasetLoader loader) {
    this(name, dataset, params, null, batchSize, epochs, loader);
  }

  private ImageClassifier(String name, DatasetSpec dataset, List<ParamSpec> params, StatelessNetwork network,
      int batchSize, int epochs, DatasetLoader loader) {
    this.name = Objects.requireNonNull(name, "name");
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.network = network;
    this.params = List.copyOf(params);
    this.loader = Objects.requireNonNull(loader, "loader");
    if (batchSize < 1 || epochs < 1) {
      throw new IllegalArgumentException(name + ": batch size and epochs must be >= 1, got " + batchSize + ", "
          + epochs);
    }
    this.batchSize = batchSize;
    this.epochs = epochs;
  }

  /** The source of the data splits. */
  protected DatasetLoader loader() {
    return loader;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ParamSpec> params() {
    return params;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public int epochs() {
    return epochs;
  }

  /** The dataset this problem trains on. */
  public DatasetSpec dataset() {
    return dataset;
  }

  /**
   * The network (layers, parameter specs, shapes).
   *
   * @throws UnsupportedOperationException if the classifier is not a sequential network (ResNet)
   */
  public StatelessNetwork network() {
    if (network == null) {
      throw new UnsupportedOperationException(name + " is not a sequential StatelessNetwork");
    }
    return network;
  }

  @Override
  public Shape inputShape() {
    return dataset.exampleShape();
  }

  @Override
  public Operand<TFloat32> logits(Ops tf, List<? extends Operand<TFloat32>> params, Operand<TFloat32> images) {
    return forward(tf, params, images);
  }

  /**
   * Logits [batch, classes] in the element type of the parameters (float32 or float64).
   *
   * @param images NHWC images in [0, 1]
   */
  public <T extends TFloating> Operand<T> forward(Ops tf, List<? extends Operand<T>> params, Operand<T> images) {
    return network().apply(tf, params, images);
  }

  /** Mean sparse softmax cross-entropy of the batch (the training objective, spec §3.2). */
  public <T extends TFloating> Operand<T> loss(Ops tf, List<? extends Operand<T>> params, Operand<T> images,
      Operand<? extends TIntegral> labels) {
    return Losses.meanSparseSoftmaxCrossEntropy(tf, forward(tf, params, images), labels);
  }

  /** Fraction of the batch classified correctly. */
  public <T extends TFloating> Operand<T> accuracy(Ops tf, List<? extends Operand<T>> params, Operand<T> images,
      Operand<? extends TIntegral> labels) {
    return Losses.accuracy(tf, forward(tf, params, images), labels);
  }

  /** The training split of the dataset, loaded (and cached) on first use. */
  public synchronized ImageSet trainData() {
    if (train == null) {
      train = load("train");
    }
    return train;
  }

  /** The test split of the dataset, loaded (and cached) on first use. */
  public synchronized ImageSet testData() {
    if (test == null) {
      test = load("test");
    }
    return test;
  }

  private ImageSet load(String split) {
    ImageSet s = Objects.requireNonNull(loader.load(dataset.name(), split),
        () -> name + ": the loader returned no " + split + " split of " + dataset.name());
    if (!s.exampleShape().equals(dataset.exampleShape()) || s.numClasses() != dataset.numClasses()) {
      throw new IllegalStateException(name + ": " + dataset.name() + "/" + split + " has images "
          + s.exampleShape() + " and " + s.numClasses() + " classes, expected " + dataset.exampleShape()
          + " and " + dataset.numClasses());
    }
    return s;
  }

  @Override
  public String toString() {
    return name + " (" + dataset.name() + ", " + parameterCount() + " parameters, batch " + batchSize + ")";
  }
}
