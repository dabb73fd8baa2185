package org.l2o.problems.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.l2o.core.data.ImageSet;
import org.junit.jupiter.api.Test;

/**
 * The real datasets, fetched on first use into the default cache (so CI can keep it between runs) and
 * checked against the published sanity values of shared/spec/datasets.md.
 */
class RealDatasetsTest {
  private static final double TOL = 1e-3;

  /** Mean and standard deviation of all pixels as float32 / 255, per channel when {@code channels > 1}. */
  private static double[][] meanStd(ImageSet set, int channels) {
    double[] sum = new double[channels];
    double[] sq = new double[channels];
    long perChannel = (long) set.size() * set.exampleSize() / channels;
    for (int i = 0; i < set.size(); i++) {
      for (int j = 0; j < set.exampleSize(); j++) {
        double v = set.pixel(i, j) / 255.0;
        sum[j % channels] += v;
        sq[j % channels] += v * v;
      }
    }
    double[][] out = new double[2][channels];
    for (int c = 0; c < channels; c++) {
      out[0][c] = sum[c] / perChannel;
      out[1][c] = Math.sqrt(sq[c] / perChannel - out[0][c] * out[0][c]);
    }
    return out;
  }

  @Test
  void mnistLabelCountsAndPixelStatistics() {
    Datasets.ensure("mnist");
    ImageSet train = Datasets.load("mnist", "train");
    assertThat(train.size()).isEqualTo(60000);
    assertThat(train.exampleShape().asArray()).containsExactly(28, 28, 1);
    int[] counts = new int[10];
    for (int i = 0; i < train.size(); i++) {
      counts[train.label(i)]++;
    }
    assertThat(counts).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
    double[][] ms = meanStd(train, 1);
    assertThat(ms[0][0]).isCloseTo(0.1307, within(TOL));
    assertThat(ms[1][0]).isCloseTo(0.3081, within(TOL));
    assertThat(Datasets.load("mnist", "test").size()).isEqualTo(10000);
    assertThat(Datasets.load("mnist", "train")).isSameAs(train);
  }

  @Test
  void fashionMnistPixelMean() {
    Datasets.ensure("fashion_mnist");
    ImageSet train = Datasets.load("fashion_mnist", "train");
    assertThat(train.size()).isEqualTo(60000);
    double[][] ms = meanStd(train, 1);
    assertThat(ms[0][0]).isCloseTo(0.2860, within(TOL));
    assertThat(ms[1][0]).isCloseTo(0.3530, within(TOL));
    assertThat(Datasets.load("fashion_mnist", "test").size()).isEqualTo(10000);
  }

  @Test
  void cifar10FirstLabelsAndChannelMeans() {
    Datasets.ensure("cifar10");
    ImageSet train = Datasets.load("cifar10", "train");
    assertThat(train.size()).isEqualTo(50000);
    assertThat(train.exampleShape().asArray()).containsExactly(32, 32, 3);
    int[] first = new int[10];
    for (int i = 0; i < 10; i++) {
      first[i] = train.label(i);
    }
    assertThat(first).containsExactly(6, 9, 9, 4, 1, 1, 2, 7, 8, 3);
    double[][] ms = meanStd(train, 3);
    assertThat(ms[0][0]).isCloseTo(0.4914, within(TOL));
    assertThat(ms[0][1]).isCloseTo(0.4822, within(TOL));
    assertThat(ms[0][2]).isCloseTo(0.4465, within(TOL));
    assertThat(Datasets.load("cifar10", "test").size()).isEqualTo(10000);
  }
}
