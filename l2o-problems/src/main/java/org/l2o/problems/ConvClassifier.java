package org.l2o.problems;

import java.util.ArrayList;
import java.util.List;
import org.l2o.problems.nn.Activation;
import org.l2o.problems.nn.AverageProbabilityHead;
import org.l2o.problems.nn.Conv2DLayer;
import org.l2o.problems.nn.DenseLayer;
import org.l2o.problems.nn.Layer;
import org.l2o.problems.nn.LayerSpecs;
import org.l2o.problems.nn.StatelessNetwork;

/**
 * The original's {@code conv_classifier} (spec §3.3): convolutions and max-pools from the layer-spec list,
 * then the dense head (Flatten and Dense(numClasses) returning logits; the original applies a softmax and
 * computes the cross-entropy from the pre-softmax logits, which is what we do) or the average head
 * ({@link Head#AVERAGE}, {@code conv_avg}).
 */
public final class ConvClassifier extends ImageClassifier {

  /**
   * @param layerSpecs e.g. {@code [[16, 3, 1], 2, [32, 5, 1], 2]} (see {@link LayerSpecs})
   * @param activation shared by all convolutions
   */
  public ConvClassifier(String name, DatasetSpec dataset, List<?> layerSpecs, Activation activation, int batchSize,
      int epochs, DatasetLoader loader) {
    this(name, dataset, layerSpecs, Head.DENSE, activation, batchSize, epochs, loader);
  }

  /**
   * @param layerSpecs e.g. {@code [[16, 3, 1], 2, [32, 5, 1], 2]}; with {@link Head#AVERAGE} the last entry
   *                   must be a convolution {@code [_, k, s]}
   * @param head       the classification head
   * @param activation shared by all convolutions but the average head's
   */
  public ConvClassifier(String name, DatasetSpec dataset, List<?> layerSpecs, Head head, Activation activation,
      int batchSize, int epochs, DatasetLoader loader) {
    super(name, dataset, network(dataset, layerSpecs, head, activation, name), batchSize, epochs, loader);
  }

  /** The original's {@code head_type} of {@code conv_classifier} (spec §3.3). */
  public enum Head {
    /** Flatten, then Dense(classes, softmax). */
    DENSE,
    /**
     * The last layer spec [_, k, s] becomes Conv2D(classes, k, s, softmax), followed by the mean over H and W
     * ({@link AverageProbabilityHead}).
     */
    AVERAGE;

    /**
     * Parses {@code "dense"} or {@code "average"}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Head parse(String name) {
      return switch (name) {
        case "dense" -> DENSE;
        case "average" -> AVERAGE;
        default -> throw new IllegalArgumentException("expected \"dense\" or \"average\", got \"" + name + "\"");
      };
    }
  }

  private static StatelessNetwork network(DatasetSpec dataset, List<?> layerSpecs, Head head, Activation activation,
      String name) {
    String path = name + ".layers";
    if (head == Head.DENSE) {
      List<Layer> layers = new ArrayList<>(LayerSpecs.parseConvLayers(layerSpecs, activation, path));
      layers.add(new DenseLayer(dataset.numClasses(), Activation.LINEAR));
      return new StatelessNetwork(dataset.exampleShape(), layers);
    }
    if (layerSpecs.isEmpty() || !(layerSpecs.get(layerSpecs.size() - 1) instanceof List<?> last) || last.size() != 3) {
      throw new IllegalArgumentException(path + ": the average head needs a last entry [filters, kernel, stride], got "
          + layerSpecs);
    }
    int at = layerSpecs.size() - 1;
    List<Layer> layers = new ArrayList<>(LayerSpecs.parseConvLayers(layerSpecs.subList(0, at), activation, path));
    // as the original: the last spec's filter count is ignored, the head has one channel per class
    layers.add(new Conv2DLayer(dataset.numClasses(), LayerSpecs.toInt(last.get(1), path + "[" + at + "][1]"),
        LayerSpecs.toInt(last.get(2), path + "[" + at + "][2]"), Activation.SOFTMAX));
    layers.add(new AverageProbabilityHead());
    return new StatelessNetwork(dataset.exampleShape(), layers);
  }
}
