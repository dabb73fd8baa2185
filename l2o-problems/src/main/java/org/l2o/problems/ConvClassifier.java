package org.l2o.problems;

import java.util.ArrayList;
import java.util.List;
import org.l2o.problems.nn.Activation;
import org.l2o.problems.nn.DenseLayer;
import org.l2o.problems.nn.Layer;
import org.l2o.problems.nn.LayerSpecs;
import org.l2o.problems.nn.StatelessNetwork;

/**
 * The original's {@code conv_classifier} with the dense head (spec §3.3): convolutions and max-pools
 * from the layer-spec list, then Flatten and Dense(numClasses) returning logits (the original applies a
 * softmax and computes the cross-entropy from the pre-softmax logits, which is what we do).
 */
public final class ConvClassifier extends ImageClassifier {

  /**
   * @param layerSpecs e.g. {@code [[16, 3, 1], 2, [32, 5, 1], 2]} (see {@link LayerSpecs})
   * @param activation shared by all convolutions
   */
  public ConvClassifier(String name, DatasetSpec dataset, List<?> layerSpecs, Activation activation, int batchSize,
      int epochs, DatasetLoader loader) {
    super(name, dataset, network(dataset, layerSpecs, activation, name), batchSize, epochs, loader);
  }

  private static StatelessNetwork network(DatasetSpec dataset, List<?> layerSpecs, Activation activation,
      String name) {
    List<Layer> layers = new ArrayList<>(LayerSpecs.parseConvLayers(layerSpecs, activation, name + ".layers"));
    layers.add(new DenseLayer(dataset.numClasses(), Activation.LINEAR));
    return new StatelessNetwork(dataset.exampleShape(), layers);
  }
}
