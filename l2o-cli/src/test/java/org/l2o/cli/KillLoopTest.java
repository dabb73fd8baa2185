package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;
import org.l2o.eval.harness.PartialEvaluation;

/**
 * A short two-stage curriculum run and its evaluation, each process killed with SIGKILL at seeded random moments
 * (at least ten kills over training and evaluation) and run again after every kill, end with exactly the files
 * of the same run never interrupted: the summary's values (all but the clock columns), every checkpoint and
 * log, the config and seed, and the evaluation's result (all but its clock arrays) and statistics (all but the
 * directory named in them), and no other file. Real MNIST, real child JVMs of the CLI.
 */
class KillLoopTest {
  private static final List<String> CLOCK_COLUMNS = List.of("time", "duration");
  private static final List<String> CLOCK_ARRAYS = List.of("batch_time", "epoch_time");
  private static final int TRAINING_KILLS = 7;
  private static final int EVALUATION_KILLS = 4;
  private static final int REPEAT = 5;

  private static List<String> train(Path dir) {
    return List.of("train", "--strategy=curriculum", "--directory=" + dir, "--presets=conv_train,adam", "--seed=3",
        "--strategy/unroll_len=5", "--strategy/depth={'type': 'list', 'values': [1, 2, 2]}", "--strategy/epochs=1",
        "--strategy/num_stages=2", "--strategy/num_periods=2", "--strategy/num_chances=1",
        "--strategy/max_repeat=0", "--strategy/repeat_threshold=100.0");
  }

  private static List<String> evaluate(Path dir) {
    return List.of("evaluate", "--directory=" + dir, "--problem=mlp_train", "--repeat=" + REPEAT, "--epochs=1",
        "--seed=5");
  }

  /** How far a run has come: committed summary rows, or finished evaluation runs. */
  private interface Progress {
    int count() throws IOException;
  }

  @Test
  void runsKilledAtRandomMomentsAndRunAgainEndAsTheUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path whole = tmp.resolve("whole");
    for (List<String> args : List.of(train(whole), evaluate(whole))) {
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.status()).as(run.transcript()).isZero();
    }
    SummaryTable periods = SummaryCsv.read(whole.resolve("summary.csv"));
    double shortestPeriod = java.util.Arrays.stream(periods.column("duration")).min().orElseThrow();
    Path result = onlyEvaluation(whole);
    float[] epochEnds = Npz.read(result).get("epoch_time").floats();
    double shortestRun = Double.MAX_VALUE;
    for (float t : epochEnds) {
      shortestRun = Math.min(shortestRun, t);
    }

    Path killed = tmp.resolve("killed");
    Path killedSummary = killed.resolve("summary.csv");
    Path killedRuns = PartialEvaluation.directoryOf(killed.resolve(whole.relativize(result)));
    Random moments = new Random(20261203L);
    int kills = killUntilDone(tmp, "train", train(killed), TRAINING_KILLS, moments,
        () -> Files.exists(killedSummary) ? SummaryCsv.read(killedSummary).size() : 0, periods.size(), shortestPeriod)
        + killUntilDone(tmp, "evaluate", evaluate(killed), EVALUATION_KILLS, moments, () -> countRuns(killedRuns),
        REPEAT, shortestRun);
    assertThat(kills).isGreaterThanOrEqualTo(TRAINING_KILLS + EVALUATION_KILLS);

    assertSameSummary(whole, killed);
    Map<String, Path> expected = files(whole);
    Map<String, Path> actual = files(killed);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Path> e : expected.entrySet()) {
      String name = e.getKey();
      if (name.equals("summary.csv")) {
        continue;
      }
      if (name.startsWith("eval/") && name.endsWith(".npz")) {
        assertSameArrays(name, Npz.read(e.getValue()), Npz.read(actual.get(name)));
      } else if (name.endsWith(".stats.json")) {
        assertThat(statsWithoutDirectory(actual.get(name))).as(name).isEqualTo(statsWithoutDirectory(e.getValue()));
      } else {
        assertThat(Files.readAllBytes(actual.get(name))).as(name).isEqualTo(Files.readAllBytes(e.getValue()));
      }
    }
  }

  /**
   * Runs {@code args} in child JVMs, killing each at a random moment until {@code kills} kills landed, then once
   * more to the end. A kill comes either at a random time after the child's start (start-up, restoring, the first
   * work) or at a random point of the period (or evaluation run) after the first one the child commits, so the
   * kills spread over the whole schedule; where only the last period is left, a kill comes early in the start-up,
   * so that every kill lands before the work ends.
   *
   * @param total        committed units (summary rows, runs) of the whole run
   * @param unitSeconds  the shortest unit of the uninterrupted run, in seconds
   * @return the number of kills, all of which landed on a live process
   */
  private static int killUntilDone(Path tmp, String what, List<String> args, int kills, Random moments,
      Progress progress, int total, double unitSeconds) throws Exception {
    for (int landed = 0; ; landed++) {
      Path log = tmp.resolve(what + "-" + landed + ".log");
      int before = progress.count();
      long started = System.nanoTime();
      Process child = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (landed == kills) {
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
          child.destroyForcibly();
          throw new AssertionError(what + " did not finish after the kills; its output: " + Files.readString(log));
        }
        assertThat(child.exitValue()).as(what + " after " + kills + " kills: " + Files.readString(log)).isZero();
        return landed;
      }
      boolean lastUnitLeft = before >= total - 1;
      if (lastUnitLeft) {
        Thread.sleep((long) (500 + 1000 * moments.nextDouble()));
      } else if (moments.nextInt(3) == 0) {
        Thread.sleep((long) (1500 + 3500 * moments.nextDouble()));
      } else {
        while (child.isAlive() && progress.count() <= before) {
          Thread.sleep(50);
        }
        Thread.sleep((long) (1000 * 0.8 * unitSeconds * moments.nextDouble()));
      }
      assertThat(child.isAlive()).as(what + " ended before kill " + (landed + 1) + ": " + Files.readString(log))
          .isTrue();
      child.destroyForcibly(); // SIGKILL
      child.waitFor();
      System.err.printf("%s: kill %d after %.1f s, %d of %d units committed before it, %d after%n", what, landed + 1,
          (System.nanoTime() - started) / 1e9, before, total, progress.count());
    }
  }

  /** A stats file without the experiment directory in its metadata (the two runs live in different ones). */
  private static JsonNode statsWithoutDirectory(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    ((ObjectNode) root.get("metadata")).remove("directory");
    return root;
  }

  private static Path onlyEvaluation(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir.resolve("eval"))) {
      List<Path> npz = all.filter(p -> p.toString().endsWith(".npz")).toList();
      assertThat(npz).hasSize(1);
      return npz.get(0);
    }
  }

  private static int countRuns(Path runs) throws IOException {
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(runs)) {
      return (int) files.filter(p -> p.getFileName().toString().matches("run_\\d+\\.npz")).count();
    }
  }

  private static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-cp", System.getProperty("java.class.path"), "-Dl2o.root=" + System.getProperty("l2o.root", "."),
        "org.l2o.cli.Main"));
    command.addAll(args);
    return command;
  }

  private static void assertSameSummary(Path whole, Path killed) throws IOException {
    SummaryTable a = SummaryCsv.read(whole.resolve("summary.csv"));
    SummaryTable b = SummaryCsv.read(killed.resolve("summary.csv"));
    assertThat(b.columns()).isEqualTo(a.columns());
    assertThat(b.size()).isEqualTo(a.size()).isGreaterThanOrEqualTo(3);
    for (String column : a.columns()) {
      if (!CLOCK_COLUMNS.contains(column)) {
        assertThat(b.column(column)).as(column).isEqualTo(a.column(column));
      }
    }
  }

  private static void assertSameArrays(String name, Map<String, NpyArray> expected, Map<String, NpyArray> actual) {
    assertThat(actual.keySet()).as(name).isEqualTo(expected.keySet());
    for (String key : expected.keySet()) {
      if (!CLOCK_ARRAYS.contains(key)) {
        assertThat(actual.get(key)).as(name + " " + key).isEqualTo(expected.get(key));
      }
    }
  }

  /**
   * Every regular file under {@code dir} by its relative path ('/'-separated), TensorBoard's events aside: each
   * process that trains or evaluates writes its own event file (named by time and host), so a run killed and run
   * again has more of them than the uninterrupted run, by design.
   */
  private static Map<String, Path> files(Path dir) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).filter(p -> !dir.relativize(p).startsWith("tensorboard"))
          .forEach(p -> out.put(dir.relativize(p).toString().replace('\\', '/'), p));
    }
    return out;
  }
}
