package org.l2o.cli;

import org.l2o.core.checkpoint.ReleasedCheckpoints;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.eval.harness.RunStack;
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

/**
 * Learned optimizers in use through the real CLI on real MNIST (issue 5): train -> package -> load -> train a
 * user's graph, and import the original's weights -> evaluate.
 */
class LearnedOptimizerEndToEndTest {

  @Test
  void aTrainedExperimentIsPackagedLoadedAndTrainsAUserGraph(@TempDir Path tmp) throws Exception {
    Path experiment = tmp.resolve("exp");
    CliRun train = CliRun.of("train", "--strategy=simple", "--presets=conv_train,adam", "--directory=" + experiment,
        "--seed=2", "--strategy/num_periods=2", "--strategy/unroll_len=5", "--strategy/depth=2",
        "--strategy/epochs=1", "--strategy/validation_unroll=5", "--strategy/validation_depth=1",
        "--strategy/validation_epochs=1", "--strategy/validation_warmup=2", "--strategy/validation_warmup_rate=0.05");
    assertThat(train.status()).as(train.transcript()).isZero();

    Path pkg = tmp.resolve("pkg");
    CliRun packaged = CliRun.of("package", experiment.toString(), pkg.toString());
    assertThat(packaged.status()).as(packaged.transcript()).isZero();
    assertThat(packaged.err()).contains("period_1");
    LearnedOptimizer loaded = L2O.load(pkg);
    // The evaluation warm-up of the simple strategy: validation_warmup x validation_unroll = 10 steps at 0.05.
    assertThat(loaded.settings().warmupIterations()).isEqualTo(10);
    assertThat(loaded.metadata().get("checkpoint").asText()).isEqualTo("period_1");

    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.variable(tf.constant(new float[] {0.3f, -0.2f, 0.1f}));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(tf.identity(w)), tf.constant(0));
      Op step = loaded.optimizer(g).minimize(loss);
      try (Session s = new Session(g)) {
        s.initialize();
        for (int i = 0; i < 20; i++) {
          s.run(step);
        }
        try (Result r = s.runner().fetch(loss).run()) {
          assertThat(((TFloat32) r.get(0)).getFloat()).isFinite().isLessThan(0.14f);
        }
      }
    }
    CliRun again = CliRun.of("package", experiment.toString(), pkg.toString());
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("overwrite");
  }

  @Test
  void importedOriginalWeightsAreEvaluatedWithTheDropInOptimizer(@TempDir Path tmp) throws Exception {
    Path released = ReleasedCheckpoints.folder("min-max", 1);
    Path pkg = tmp.resolve("min-max-1");
    assertThat(CliRun.of("import-original", released.toString(), pkg.toString()).status()).isZero();
    CliRun eval = CliRun.of("evaluate", "--problem=mlp_train", "--directory=" + pkg, "--repeat=1", "--epochs=1",
        "--seed=4");
    assertThat(eval.status()).as(eval.transcript()).isZero();
    assertThat(eval.err()).contains("warm-up 100 SGD steps at 0.05");
    Path npz = pkg.resolve("eval/mlp_train/package.npz");
    Map<String, NpyArray> arrays = Npz.read(npz);
    assertThat(arrays.keySet()).containsExactlyElementsOf(RunStack.KEYS);
    assertThat(arrays.get("val_sparse_categorical_accuracy").floats()[0]).isGreaterThan(0.85f);
    assertThat(Files.readString(pkg.resolve("eval/mlp_train/package.stats.json"))).contains("\"checkpoint\" : \"package\"");
  }
}
