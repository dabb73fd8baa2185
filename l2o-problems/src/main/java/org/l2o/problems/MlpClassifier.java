package org.l2o.problems;

import java.util.ArrayList;
import java.util.List;
import org.l2o.problems.nn.Activation;
import org.l2o.problems.nn.DenseLayer;
import org.l2o.problems.nn.Layer;
import org.l2o.problems.nn.StatelessNetwork;

/**
 * The original's {@code mlp_classifier} (spec §3.3): Flatten, Dense(u, activation) for each hidden width
 * u, then Dense(numClasses) returning logits.
 */
public final class MlpClassifier extends ImageClassifier {

  /**
   * @param hiddenUnits widths of the hidden layers, e.g. {@code [20]}
   * @param activation  of every hidden layer
   */
  public MlpClassifier(String name, DatasetSpec dataset, List<Integer> hiddenUnits, Activation activation,
      int batchSize, int epochs, DatasetLoader loader) {
    super(name, dataset, network(dataset, hiddenUnits, activation), batchSize, epochs, loader);
  }

  private static StatelessNetwork network(DatasetSpec dataset, List<Integer> hiddenUnits, Activation activation) {
    List<Layer> layers = new ArrayList<>();
    for (int u : hiddenUnits) {
      layers.add(new DenseLayer(u, activation));
    }
    layers.add(new DenseLayer(dataset.numClasses(), Activation.LINEAR));
    return new StatelessNetwork(dataset.exampleShape(), layers);
  }
}
