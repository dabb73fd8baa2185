package org.l2o.core.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TInt32;

class TfSessionsTest {

  @Test
  void unsetPropertiesLeaveTensorFlowDefaults() {
    ConfigProto c = TfSessions.config(key -> null);
    assertThat(c.getIntraOpParallelismThreads()).isZero();
    assertThat(c.getInterOpParallelismThreads()).isZero();
  }

  @Test
  void propertiesSetThreadCounts() {
    Map<String, String> p = Map.of(TfSessions.INTRA_PROPERTY, "2", TfSessions.INTER_PROPERTY, " 3 ");
    ConfigProto c = TfSessions.config(p::get);
    assertThat(c.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(c.getInterOpParallelismThreads()).isEqualTo(3);
  }

  @Test
  void badThreadCountNamesTheProperty() {
    assertThatThrownBy(() -> TfSessions.config(Map.of(TfSessions.INTER_PROPERTY, "two")::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l2o.threads.inter").hasMessageContaining("two");
    assertThatThrownBy(() -> TfSessions.config(Map.of(TfSessions.INTRA_PROPERTY, "-1")::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l2o.threads.intra");
  }

  @Test
  void statelessGraphsSkipGrapplerUnlessAskedAndKeepTheThreadSettings() {
    ConfigProto off = TfSessions.statelessConfig(Map.of(TfSessions.INTRA_PROPERTY, "2")::get);
    assertThat(off.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer()).isTrue();
    assertThat(off.getIntraOpParallelismThreads()).isEqualTo(2);
    ConfigProto on = TfSessions.statelessConfig(Map.of(TfSessions.GRAPPLER_PROPERTY, "on")::get);
    assertThat(on.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer()).isFalse();
    assertThat(TfSessions.config(key -> null).getGraphOptions().getRewriteOptions().getDisableMetaOptimizer())
        .as("sessions with variables keep grappler").isFalse();
    assertThatThrownBy(() -> TfSessions.statelessConfig(Map.of(TfSessions.GRAPPLER_PROPERTY, "maybe")::get))
        .hasMessageContaining(TfSessions.GRAPPLER_PROPERTY).hasMessageContaining("on or off");
  }

  @Test
  void classicGraphOptimisationStaysOnUnlessTurnedOff() {
    ConfigProto byDefault = TfSessions.statelessConfig(key -> null);
    assertThat(byDefault.getGraphOptions().hasOptimizerOptions()).as("TensorFlow's default (L1)").isFalse();
    ConfigProto off = TfSessions.statelessConfig(Map.of(TfSessions.GRAPH_OPTIMIZATION_PROPERTY, "off")::get);
    assertThat(off.getGraphOptions().getOptimizerOptions().getOptLevel())
        .isEqualTo(org.tensorflow.proto.OptimizerOptions.Level.L0);
    assertThat(off.getGraphOptions().getOptimizerOptions().getDoCommonSubexpressionElimination()).isFalse();
    assertThat(off.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer()).as("grappler stays off").isTrue();
    assertThatThrownBy(() -> TfSessions.statelessConfig(Map.of(TfSessions.GRAPH_OPTIMIZATION_PROPERTY, "no")::get))
        .hasMessageContaining(TfSessions.GRAPH_OPTIMIZATION_PROPERTY).hasMessageContaining("on or off");
  }

  @Test
  void newSessionRunsAGraph() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var sum = tf.math.add(tf.constant(40), tf.constant(2));
      try (Session s = TfSessions.newSession(g); Result r = s.runner().fetch(sum).run()) {
        assertThat(((TInt32) r.get(0)).getInt()).isEqualTo(42);
      }
    }
  }
}
