package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.checkpoint.ReleasedCheckpoints;
import org.l2o.core.io.DirectoryLockHolder;
import org.l2o.core.json.Json;

/**
 * Nothing lost, nothing written outside: an experiment directory locked by another process is refused by every
 * command that works in it and taken over once that process is killed; names that would leave the experiment,
 * results named twice and folders that cannot be written are refused before any work; this project's own
 * checkpoints are not imported as the original's; package settings keep the decimal of the rate. One tiny real
 * training (MNIST) is shared by the tests.
 */
class ExperimentSafetyTest {
  @TempDir static Path shared;
  static Path trained;

  private static List<String> train(Path dir, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy=simple", "--policy=rnnprop", "--presets=adam",
        "--directory=" + dir, "--seed=3", "--strategy/num_periods=2", "--strategy/unroll_len=2",
        "--strategy/depth=2", "--strategy/epochs=1", "--strategy/warmup=1", "--strategy/annealing_schedule=0.5",
        "--strategy/validation_unroll=2", "--strategy/validation_depth=1", "--strategy/validation_epochs=1",
        "--strategy/validation_warmup_rate=0.01"));
    a.addAll(List.of(extra));
    return a;
  }

  private static CliRun cli(List<String> args) {
    return CliRun.of(args.toArray(String[]::new));
  }

  @BeforeAll
  static void trainOnce() {
    trained = shared.resolve("trained");
    CliRun run = cli(train(trained));
    assertThat(run.status()).as(run.transcript()).isZero();
  }

  @Test
  void aDirectoryHeldByAnotherProcessIsRefusedByEveryCommandAndTakenOverAfterItDies(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("D");
    assertThat(cli(train(dir, "--max-periods=1")).status()).isZero();
    byte[] summary = Files.readAllBytes(dir.resolve("summary.csv"));
    Process holder = DirectoryLockHolder.start(dir, "l2o train");
    try {
      String named = "is in use by another l2o process: pid " + holder.pid() + " (l2o train, started";
      for (List<String> args : List.of(train(dir), List.of("resume", dir.toString()),
          List.of("evaluate", "--problem=mlp_train", "--directory=" + dir, "--repeat=1", "--epochs=1"),
          List.of("package", dir.toString(), tmp.resolve("pkg").toString()))) {
        CliRun refused = cli(args);
        assertThat(refused.status()).as(refused.transcript()).isEqualTo(1);
        assertThat(refused.err()).as(args.get(0)).contains(dir + " " + named);
      }
      assertThat(Files.readAllBytes(dir.resolve("summary.csv"))).isEqualTo(summary);
      assertThat(dir.resolve("eval")).doesNotExist();
      assertThat(tmp.resolve("pkg")).doesNotExist();
    } finally {
      holder.destroyForcibly(); // SIGKILL
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    CliRun resumed = cli(List.of("resume", dir.toString()));
    assertThat(resumed.status()).as(resumed.transcript()).isZero();
    assertThat(resumed.err()).contains("1 period(s) trained; the schedule is complete");
  }

  /** Two {@code l2o baseline} processes never work in one optimizer's folder at once: the second is refused. */
  @Test
  void aBaselineFolderHeldByAnotherProcessIsRefusedAndOtherOptimizersRun(@TempDir Path tmp) throws Exception {
    Path adam = Files.createDirectories(tmp.resolve("baseline/adam"));
    Process holder = DirectoryLockHolder.start(adam, "l2o baseline");
    try {
      CliRun refused = cli(List.of("baseline", "--optimizer=adam", "--problem=quadratic10", "--repeat=1",
          "--seed=1", "--directory=" + tmp));
      assertThat(refused.status()).as(refused.transcript()).isEqualTo(1);
      assertThat(refused.err()).contains(adam + " is in use by another l2o process: pid " + holder.pid()
          + " (l2o baseline, started");
      assertThat(adam.resolve("quadratic10.npz")).doesNotExist();
      CliRun other = cli(List.of("baseline", "--optimizer=rmsprop", "--problem=quadratic10", "--repeat=1",
          "--seed=1", "--directory=" + tmp));
      assertThat(other.status()).as(other.transcript()).isZero();
      assertThat(tmp.resolve("baseline/rmsprop/quadratic10.npz")).isRegularFile();
    } finally {
      holder.destroyForcibly(); // SIGKILL
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStaleTemporaryFileOfAKilledRunIsRemovedOnTheNextStart(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("D");
    assertThat(cli(train(dir, "--max-periods=1")).status()).isZero();
    Path stale = Files.createFile(dir.resolve(".summary.csv.00112233aabb.tmp"));
    Path staleCheckpoint = Files.createFile(dir.resolve("checkpoint/.period_1.445566778899.tmp.index"));
    assertThat(cli(List.of("resume", dir.toString())).status()).isZero();
    assertThat(stale).doesNotExist();
    assertThat(staleCheckpoint).doesNotExist();
  }

  @Test
  void aSuffixThatLeavesTheExperimentIsRefusedBeforeAnyRun() {
    CliRun run = CliRun.of("evaluate", "--problem=mlp_train", "--directory=" + trained, "--repeat=1", "--epochs=1",
        "--suffix=x/../../../t");
    assertThat(run.status()).as(run.transcript()).isEqualTo(1);
    assertThat(run.err()).contains("--suffix 'x/../../../t' is not a plain name").doesNotContain("warm-up");
    assertThat(trained.resolve("eval")).doesNotExist();
    assertThat(shared.resolve("t")).doesNotExist();
    assertThat(trained.getParent().getParent().resolve("t")).doesNotExist();
  }

  @Test
  void aDirectoryOrProblemNamedTwiceIsRefusedBeforeAnyRun() {
    CliRun twice = CliRun.of("evaluate", "--problem=mlp_train", "--directory=" + trained + "," + trained + "/.",
        "--repeat=1", "--epochs=1");
    assertThat(twice.status()).as(twice.transcript()).isEqualTo(1);
    assertThat(twice.err()).contains("--directory names the same experiment twice: " + trained)
        .doesNotContain("warm-up");
    CliRun problemTwice = CliRun.of("evaluate", "--problem=mlp_train,mlp_train", "--directory=" + trained,
        "--repeat=1", "--epochs=1");
    assertThat(problemTwice.status()).as(problemTwice.transcript()).isEqualTo(1);
    assertThat(problemTwice.err()).contains("twice").contains("mlp_train").doesNotContain("warm-up");
    assertThat(trained.resolve("eval/mlp_train")).doesNotExist();
  }

  @Test
  void anUnwritableResultFolderIsFoundBeforeTheWork(@TempDir Path tmp) throws Exception {
    // a regular file where a folder must be stops root as well as anyone
    Path dir = tmp.resolve("D");
    assertThat(cli(train(dir, "--initialize")).status()).isZero();
    Path checkpoints = Files.writeString(dir.resolve("checkpoint"), "not a folder");
    CliRun resume = CliRun.of("resume", dir.toString());
    assertThat(resume.status()).as(resume.transcript()).isEqualTo(1);
    assertThat(resume.err()).contains("cannot write into " + checkpoints).doesNotContain("period 0 training");
    assertThat(dir.resolve("summary.csv")).doesNotExist();

    Files.writeString(trained.resolve("eval"), "not a folder");
    try {
      CliRun eval = CliRun.of("evaluate", "--problem=mlp_train", "--directory=" + trained, "--repeat=1",
          "--epochs=1");
      assertThat(eval.status()).as(eval.transcript()).isEqualTo(1);
      assertThat(eval.err()).contains(trained.resolve("eval").toString()).doesNotContain("warm-up");
    } finally {
      Files.delete(trained.resolve("eval"));
    }
  }

  @Test
  void thisProjectsCheckpointsAreNotImportedAsTheOriginalsAndPackagesKeepTheDecimalRate(@TempDir Path tmp)
      throws Exception {
    CliRun own = CliRun.of("import-original", trained.resolve("checkpoint/period_1").toString(),
        tmp.resolve("x").toString());
    assertThat(own.status()).as(own.transcript()).isEqualTo(1);
    assertThat(own.err()).contains("was written by l2o, not by the original", "l2o package");
    assertThat(tmp.resolve("x")).doesNotExist();

    Path pkg = tmp.resolve("pkg");
    CliRun packaged = CliRun.of("package", trained.toString(), pkg.toString());
    assertThat(packaged.status()).as(packaged.transcript()).isZero();
    assertThat(Files.readString(pkg.resolve("config.json"))).contains("\"warmup_rate\": 0.01")
        .doesNotContain("0.00999");
    assertThat(Json.readObject(pkg.resolve("config.json"), "package").at("/settings/warmup_rate").asDouble())
        .isEqualTo(0.01);
    CliRun ownPackage = CliRun.of("import-original", pkg.toString(), tmp.resolve("y").toString());
    assertThat(ownPackage.status()).as(ownPackage.transcript()).isEqualTo(1);
    assertThat(ownPackage.err()).contains("was written by l2o");

    Path released = ReleasedCheckpoints.folder("mean", 1);
    assertThat(CliRun.of("import-original", released.toString(), tmp.resolve("z").toString()).status()).isZero();
  }

  @Test
  void filesWrittenThroughTemporariesHaveOrdinaryPermissions(@TempDir Path tmp) throws Exception {
    Path plain = Files.writeString(tmp.resolve("plain"), "x");
    for (String file : List.of("config.json", "seed.txt", "summary.csv", "checkpoint/period_0.index")) {
      assertThat(Files.getPosixFilePermissions(trained.resolve(file))).as(file)
          .isEqualTo(Files.getPosixFilePermissions(plain));
    }
  }
}
