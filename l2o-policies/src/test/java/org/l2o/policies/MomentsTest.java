package org.l2o.policies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.l2o.policies.Moments.Decay;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The shared moment helpers against plain float arithmetic. */
class MomentsTest {

  @Test
  void theTwoComplementsDifferInTheLastBitAndAreKeptApart() {
    assertThat(Decay.of(0.9).complement()).isEqualTo((float) (1.0 - 0.9)).isEqualTo(0.1f);
    assertThat(Decay.float32(0.9).complement()).isEqualTo(1f - 0.9f).isEqualTo(0.100000024f);
    assertThat(Decay.of(0.9).beta()).isEqualTo(Decay.float32(0.9).beta()).isEqualTo(0.9f);
  }

  @Test
  void adamMomentsCorrectionAndRootFollowTheFormulas() {
    Decay b1 = Decay.of(0.9);
    Decay b2 = Decay.of(0.999);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Moments.Adam next = Moments.adam(tf, tf.constant(0.5f), tf.constant(0.25f), tf.constant(-2f), b1, b2);
      Operand<TFloat32> mHat = Moments.constantCorrection(tf, next.m(), b1);
      Operand<TFloat32> root = Moments.rootWithEpsilonInside(tf, next.v(), 1e-7);
      try (Result r = s.runner().fetch(next.m()).fetch(next.v()).fetch(mHat).fetch(root).run()) {
        float m = 0.9f * 0.5f + 0.1f * -2f;
        float v = 0.999f * 0.25f + (float) (1.0 - 0.999) * 4f;
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(m);
        assertThat(((TFloat32) r.get(1)).getFloat()).isEqualTo(v);
        assertThat(((TFloat32) r.get(2)).getFloat()).isEqualTo(m / 0.1f);
        assertThat(((TFloat32) r.get(3)).getFloat()).isEqualTo((float) Math.sqrt(v + 1e-7f));
      }
    }
  }
}
