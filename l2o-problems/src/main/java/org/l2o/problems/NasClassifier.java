package org.l2o.problems;

import java.util.List;
import org.l2o.problems.nn.Activation;
import org.l2o.problems.nn.DenseLayer;
import org.l2o.problems.nn.GlobalAveragePoolLayer;
import org.l2o.problems.nn.NasCell;
import org.l2o.problems.nn.StatelessNetwork;

/**
 * The original's {@code nas_classifier} (spec §9.3, {@code conv_nas}, {@code conv_nas_cifar}): one
 * {@link NasCell}, global average pooling, Dense(10) returning logits (the original's Dense(10, softmax); its
 * head has 10 units whatever the dataset, so a dataset of another class count is refused).
 */
public final class NasClassifier extends ImageClassifier {

  /** Output units of the original's head (fixed, not the dataset's class count). */
  public static final int HEAD_UNITS = 10;

  /**
   * @param filters    channels of every convolution of the cell (the original's default 16)
   * @param activation of every convolution
   */
  public NasClassifier(String name, DatasetSpec dataset, int filters, Activation activation, int batchSize,
      int epochs, DatasetLoader loader) {
    super(name, dataset, new StatelessNetwork(dataset.exampleShape(), List.of(new NasCell(filters, activation),
        new GlobalAveragePoolLayer(), new DenseLayer(HEAD_UNITS, Activation.LINEAR))), batchSize, epochs, loader);
  }
}
