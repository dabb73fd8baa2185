package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.core.checkpoint.PolicyCheckpoint;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;
import org.l2o.core.policy.UpdateRule;
import org.l2o.core.policy.WeightSpec;
import org.l2o.policies.dm.DmConfig;
import org.l2o.policies.dm.DmOptimizer;
import org.l2o.policies.load.L2O;
import org.l2o.policies.load.LearnedOptimizer;
import org.l2o.policies.scale.ScaleConfig;
import org.l2o.policies.scale.ScaleHierarchical;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The paper's learned baselines (issue 11) through the real CLI on real MNIST: {@code dmoptimizer} ("Original")
 * and {@code scale_hierarchical} ("Scale") are meta-trained with {@code l2o train}, packaged, loaded with
 * {@link L2O#load} as a user would, and evaluated with {@code l2o evaluate}.
 */
class LearnedBaselinesEndToEndTest {

  @ParameterizedTest
  @ValueSource(strings = {"dmoptimizer", "scale_hierarchical"})
  void aLearnedBaselineTrainsPackagesLoadsAndEvaluates(String policy, @TempDir Path tmp) throws Exception {
    Path experiment = tmp.resolve("exp");
    CliRun train = CliRun.of("train", "--strategy=simple", "--policy=" + policy, "--presets=conv_train,adam",
        "--directory=" + experiment, "--seed=3", "--strategy/num_periods=2", "--strategy/unroll_len=5",
        "--strategy/depth=3", "--strategy/epochs=1", "--strategy/annealing_schedule=0.1",
        "--strategy/validation_unroll=5", "--strategy/validation_depth=2", "--strategy/validation_epochs=1",
        "--strategy/validation_warmup=1", "--strategy/validation_warmup_rate=0.05", "--no-tensorboard");
    assertThat(train.status()).as(train.transcript()).isZero();

    SummaryTable summary = SummaryCsv.read(experiment.resolve("summary.csv"));
    assertThat(summary.size()).isEqualTo(2);
    for (int p = 0; p < 2; p++) {
      assertThat(summary.row(p).get("validation")).as("period %d validation", p).isFinite();
      assertThat(summary.row(p).get("meta_loss")).as("period %d meta loss", p).isFinite();
      assertThat(summary.row(p).get("imitation_loss")).as("period %d imitation loss", p).isFinite();
    }
    Map<String, NpyArray> log = Npz.read(experiment.resolve("log/period_1.npz"));
    assertThat(log.get("meta_loss").shape()).containsExactly(1, 3);

    // Every weight tensor of the checkpoint has the policy's shape, and the meta-training moved the weights: the
    // three meta-steps of period 1 change them from period 0's.
    UpdateRule rule = "dmoptimizer".equals(policy) ? new DmOptimizer(DmConfig.defaults())
        : new ScaleHierarchical(ScaleConfig.defaults());
    Map<String, float[]> first = PolicyCheckpoint.readWeights(experiment.resolve("checkpoint/period_0"),
        rule.weightSpecs());
    Map<String, float[]> last = PolicyCheckpoint.readWeights(experiment.resolve("checkpoint/period_1"),
        rule.weightSpecs());
    assertThat(last).hasSameSizeAs(rule.weightSpecs());
    double change = 0;
    for (WeightSpec spec : rule.weightSpecs()) {
      assertThat((long) last.get(spec.name()).length).as(spec.name()).isEqualTo(spec.shape().size());
      for (int i = 0; i < last.get(spec.name()).length; i++) {
        assertThat(last.get(spec.name())[i]).as("%s[%d]", spec.name(), i).isFinite();
        change += Math.abs(last.get(spec.name())[i] - first.get(spec.name())[i]);
      }
    }
    assertThat(change).as("total change of the weights in period 1").isGreaterThan(1e-4);

    // Packaged and loaded, the student is an ordinary optimizer of a user's graph: it moves the parameters.
    Path pkg = tmp.resolve("pkg");
    CliRun packaged = CliRun.of("package", experiment.toString(), pkg.toString());
    assertThat(packaged.status()).as(packaged.transcript()).isZero();
    LearnedOptimizer loaded = L2O.load(pkg);
    assertThat(loaded.metadata().get("checkpoint").asText()).isEqualTo("period_1");
    // The warm-up (validation_warmup x validation_unroll = 5 SGD steps at 0.05) alone takes w0 to 0.9^5 w0; the
    // learned steps after it move w from there.
    assertThat(loaded.settings().warmupIterations()).isEqualTo(5);
    float[] w = parametersAfterSteps(loaded, 10);
    float[] w0 = {0.3f, -0.2f, 0.1f};
    double shrink = Math.pow(0.9, 5);
    double moved = 0;
    for (int i = 0; i < 3; i++) {
      assertThat(w[i]).as("w[%d]", i).isFinite();
      moved += Math.abs(w[i] - shrink * w0[i]);
    }
    assertThat(moved).as("distance the learned steps moved w after the warm-up").isGreaterThan(1e-4);

    // l2o evaluate runs it on a problem with its own evaluation loop.
    CliRun eval = CliRun.of("evaluate", "--directory=" + experiment, "--problem=quadratic10", "--repeat=1",
        "--seed=2", "--no-tensorboard");
    assertThat(eval.status()).as(eval.transcript()).isZero();
    NpyArray loss = Npz.read(experiment.resolve("eval/quadratic10/period_1.npz")).get("loss");
    assertThat(loss.shape()).containsExactly(1L, 1000L);
    assertThat(loss.floats()[999]).isFinite();
  }

  /** The parameters w from w0 = (0.3, -0.2, 0.1) after {@code steps} steps on sum(w^2) (the package's warm-up first). */
  private static float[] parametersAfterSteps(LearnedOptimizer optimizer, int steps) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.variable(tf.constant(new float[] {0.3f, -0.2f, 0.1f}));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(tf.identity(w)), tf.constant(0));
      Op step = optimizer.optimizer(g).minimize(loss);
      try (Session s = new Session(g)) {
        s.initialize();
        for (int i = 0; i < steps; i++) {
          s.run(step);
        }
        try (Result r = s.runner().fetch(w).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          return new float[] {t.getFloat(0), t.getFloat(1), t.getFloat(2)};
        }
      }
    }
  }
}
