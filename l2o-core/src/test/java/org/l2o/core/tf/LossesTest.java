package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

class LossesTest {

  private static final double[][] LOGITS = {{1, 2, 3}, {0.5, -1, 0}, {2, 2, 0}};
  private static final int[] LABELS = {2, 0, 1};

  /** Reference CE = logsumexp(z) - z_y, averaged, in plain Java. */
  private static double referenceMeanCe(double[][] z, int[] y) {
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double m = Double.NEGATIVE_INFINITY;
      for (double v : z[i]) {
        m = Math.max(m, v);
      }
      double s = 0;
      for (double v : z[i]) {
        s += Math.exp(v - m);
      }
      sum += m + Math.log(s) - z[i][y[i]];
    }
    return sum / z.length;
  }

  private static double scalar(Graph g, Operand<?> op) {
    try (Session s = new Session(g); Result r = s.runner().fetch(op).run()) {
      Object t = r.get(0);
      return t instanceof TFloat64 d ? d.getDouble() : ((TFloat32) t).getFloat();
    }
  }

  @Test
  void meanCrossEntropyMatchesLogSumExpInFloat64WithInt32Labels() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      double v = scalar(g, Losses.meanSparseSoftmaxCrossEntropy(tf, tf.constant(LOGITS), tf.constant(LABELS)));
      assertThat(v).isCloseTo(referenceMeanCe(LOGITS, LABELS), within(1e-12));
    }
  }

  @Test
  void meanCrossEntropyMatchesInFloat32WithInt64Labels() {
    float[][] z = new float[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        z[i][j] = (float) LOGITS[i][j];
      }
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TInt64> labels = tf.constant(new long[] {2, 0, 1});
      double v = scalar(g, Losses.meanSparseSoftmaxCrossEntropy(tf, tf.constant(z), labels));
      assertThat(v).isCloseTo(referenceMeanCe(LOGITS, LABELS), within(1e-6));
    }
  }

  @Test
  void crossEntropyIsStableForHugeLogits() {
    // Naive softmax would overflow: exp(1000). Stable CE: [1000, 0] with label 1 -> 1000; label 0 -> 0.
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      double v = scalar(g, Losses.meanSparseSoftmaxCrossEntropy(tf,
          tf.constant(new float[][] {{1000f, 0f}, {1000f, 0f}}), tf.constant(new int[] {1, 0})));
      assertThat(v).isCloseTo(500, within(1e-3));
    }
  }

  @Test
  void accuracyIsTheFractionOfArgMaxHits() {
    // Row arg-maxes: 2, 0, 0 (tie -> lowest index); labels 2, 0, 1 -> 2 of 3.
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      double v = scalar(g, Losses.accuracy(tf, tf.constant(LOGITS), tf.constant(LABELS)));
      assertThat(v).isCloseTo(2.0 / 3.0, within(1e-12));
    }
  }
}
