package org.l2o.cli;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The README's library example, run as written: a user's own graph trained with {@code L2O.load(...)}. */
class ReadmeExampleTest {

  @Test
  void aLoadedLearnedOptimizerTrainsAUsersOwnVariables(@TempDir Path tmp) throws Exception {
    Path pkg = tmp.resolve("choice-large-1");
    Path released = ReleasedCheckpoints.folder("choice-large", 1);
    CliRun imported = CliRun.of("import-original", released.toString(), pkg.toString());
    assertThat(imported.status()).as(imported.transcript()).isZero();

    // --- README example starts here ---
    LearnedOptimizer l2o = L2O.load(pkg);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.variable(tf.constant(new float[] {1f, -2f, 0.5f}));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(tf.identity(w)), tf.constant(0));
      Op step = l2o.optimizer(g).minimize(loss);
      try (Session s = new Session(g)) {
        s.initialize();
        for (int i = 0; i < 300; i++) {
          s.run(step);
        }
        // --- README example ends here ---
        try (Result r = s.runner().fetch(loss).run()) {
          float last = ((TFloat32) r.get(0)).getFloat();
          assertThat(last).isLessThan(0.01f * 5.25f);
        }
      }
    }
  }
}
