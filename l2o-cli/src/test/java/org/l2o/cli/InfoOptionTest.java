package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.ReleasedCheckpoints;
import org.l2o.core.io.DirectoryLock;
import org.l2o.core.json.Json;

/**
 * {@code train --info} and {@code evaluate --info} print what the command resolved, after the command's own
 * checks, and write, create and lock nothing; a bad setting is refused as without --info. Nothing is trained.
 */
class InfoOptionTest {
  @TempDir Path tmp;

  @Test
  void trainInfoPrintsTheConfigThatInitializeWritesAndWritesNothing() throws Exception {
    Path dir = tmp.resolve("exp");
    String[] settings = {"--strategy=curriculum", "--presets=conv_train,adam,rmsprop,reduce_mean",
        "--strategy/num_periods=3", "--training/teachers/0/config/learning_rate=0.002"};
    CliRun info = CliRun.of(concat(new String[] {"train", "--info", "--directory=" + dir}, settings));
    assertThat(info.status()).as(info.transcript()).isZero();
    assertThat(dir).doesNotExist();
    JsonNode printed = Json.mapper().readTree(info.out());
    assertThat(printed.at("/strategy/num_periods").asInt()).isEqualTo(3);
    assertThat(printed.at("/training/teachers/0/config/learning_rate").asDouble()).isEqualTo(0.002);
    assertThat(printed.at("/training/loss_reduce").asText()).isEqualTo("reduce_mean");
    assertThat(printed.at("/training/teachers")).hasSize(2);

    // the same config, key for key, as the one the command writes
    Path written = tmp.resolve("written");
    CliRun init = CliRun.of(concat(new String[] {"train", "--initialize", "--directory=" + written}, settings));
    assertThat(init.status()).as(init.transcript()).isZero();
    assertThat(printed).isEqualTo(Json.mapper().readTree(written.resolve("config.json").toFile()));

    // into a directory whose config.json differs, --info refuses as the run would, and changes nothing
    byte[] saved = Files.readAllBytes(written.resolve("config.json"));
    CliRun differs = CliRun.of(concat(concat(new String[] {"train", "--info", "--directory=" + written}, settings),
        new String[] {"--strategy/num_periods=4"}));
    assertThat(differs.status()).as(differs.transcript()).isEqualTo(1);
    assertThat(differs.err()).contains("strategy/num_periods");
    assertThat(differs.out()).isEmpty();
    assertThat(Files.readAllBytes(written.resolve("config.json"))).isEqualTo(saved);
    CliRun same = CliRun.of(concat(new String[] {"train", "--info", "--directory=" + written}, settings));
    assertThat(same.status()).as(same.transcript()).isZero();
  }

  @Test
  void trainInfoRefusesWhatTrainRefuses() {
    Path dir = tmp.resolve("exp");
    CliRun unknown = CliRun.of("train", "--info", "--strategy=simple", "--directory=" + dir,
        "--training/no_such_key=1");
    assertThat(unknown.status()).as(unknown.transcript()).isEqualTo(1);
    assertThat(unknown.err()).contains("training/no_such_key");
    CliRun engine = CliRun.of("train", "--info", "--strategy=simple", "--directory=" + dir,
        "--training/loss_reduce='reduce_min'");
    assertThat(engine.status()).as(engine.transcript()).isEqualTo(1);
    assertThat(engine.err()).contains("training/loss_reduce", "reduce_min");
    assertThat(unknown.out() + engine.out()).isEmpty();
    assertThat(dir).doesNotExist();
  }

  @Test
  void evaluateInfoPrintsWhatWouldBeEvaluatedWithoutLockingOrWriting() throws Exception {
    Path pkg = tmp.resolve("pkg");
    CliRun imported = CliRun.of("import-original", ReleasedCheckpoints.folder("mean", 1).toString(), pkg.toString());
    assertThat(imported.status()).as(imported.transcript()).isZero();
    CliRun info;
    // while another thread evaluates pkg an evaluation is refused; --info does not lock, so it is not
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      try (DirectoryLock held = DirectoryLock.acquire(pkg, "l2o evaluate")) {
        locked.countDown();
        done.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    holder.start();
    try {
      assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
      CliRun refused = CliRun.of("evaluate", "--directory=" + pkg, "--repeat=1", "--epochs=1");
      assertThat(refused.status()).as(refused.transcript()).isEqualTo(1);
      assertThat(refused.err()).contains("l2o evaluate");
      info = CliRun.of("evaluate", "--info", "--directory=" + pkg, "--problem=conv_train,mlp_train", "--repeat=2",
          "--epochs=1", "--suffix=check", "--seed=7");
    } finally {
      done.countDown();
      holder.join();
    }
    assertThat(info.status()).as(info.transcript()).isZero();
    JsonNode printed = Json.mapper().readTree(info.out());
    assertThat(printed).hasSize(1);
    JsonNode c = printed.get(0);
    assertThat(c.get("checkpoint").asText()).isEqualTo(TrainedCheckpoint.PACKAGE_NAME);
    assertThat(c.get("warmup_iterations").asLong()).isEqualTo(100);
    assertThat(c.get("seed").asLong()).isEqualTo(7);
    assertThat(c.at("/config/policy_constructor").asText()).isEqualTo("RNNPropOptimizer");
    assertThat(c.get("evaluations")).extracting(e -> e.get("problem").asText())
        .containsExactly("conv_train", "mlp_train");
    assertThat(c.at("/evaluations/1/repeat").asInt()).isEqualTo(2);
    assertThat(c.at("/evaluations/1/epochs").asInt()).isEqualTo(1);
    assertThat(c.at("/evaluations/0/result").asText())
        .isEqualTo(pkg.resolve("eval/conv_train_check/package.npz").toString());
    assertThat(pkg.resolve("eval")).doesNotExist();
  }

  @Test
  void evaluateInfoRefusesWhatEvaluateRefuses() throws Exception {
    Path pkg = tmp.resolve("pkg");
    assertThat(CliRun.of("import-original", ReleasedCheckpoints.folder("mean", 1).toString(), pkg.toString())
        .status()).isZero();
    CliRun repeat = CliRun.of("evaluate", "--info", "--directory=" + pkg, "--repeat=0");
    assertThat(repeat.status()).isEqualTo(1);
    assertThat(repeat.err()).contains("--repeat must be between 1 and 10000, got 0");
    CliRun problem = CliRun.of("evaluate", "--info", "--directory=" + pkg, "--problem=no_such_problem");
    assertThat(problem.status()).isEqualTo(1);
    assertThat(problem.err()).contains("no_such_problem");
    CliRun missing = CliRun.of("evaluate", "--info", "--directory=" + tmp.resolve("missing"));
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains(tmp.resolve("missing").toString());
    CliRun twice = CliRun.of("evaluate", "--info", "--directory=" + pkg, "--problem=conv_train,conv_train");
    assertThat(twice.status()).isEqualTo(1);
    assertThat(twice.err()).contains("twice");
    // an existing result is refused as by the evaluation itself
    Path result = Files.createDirectories(pkg.resolve("eval/conv_train")).resolve("package.npz");
    Files.writeString(result, "");
    CliRun exists = CliRun.of("evaluate", "--info", "--directory=" + pkg);
    assertThat(exists.status()).isEqualTo(1);
    assertThat(exists.err()).contains(result + " already exists; pass --overwrite to replace it");
    assertThat(repeat.out() + problem.out() + missing.out() + twice.out() + exists.out()).isEmpty();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
