package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.cli.sweep.CellCommand;
import org.l2o.cli.sweep.SweepFile;
import org.l2o.cli.sweep.SweepPlan;
import org.l2o.core.io.DirectoryLock;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.io.SummaryCsv;
import org.l2o.core.io.SummaryTable;

/**
 * The tiny sweep ({@code sweeps/tiny.json}: choice step 1 and step 2 with step 1's replicate as teacher, 2 replicates
 * each, their evaluations on mlp_train, 1 run of 1 epoch, Adam as baseline) through the real CLI on real MNIST,
 * first with the local executor (with one training interrupted beforehand and one cell killed), then on a real
 * one-node SLURM; the results of both are bit-identical but for the wall-clock columns.
 */
class SweepEndToEndTest {
  private static final Path ROOT = Path.of(System.getProperty("l2o.root", "..")).toAbsolutePath().normalize();
  /** Wall-clock values: the only ones that differ between two runs with the same seeds. */
  private static final Set<String> CLOCK_COLUMNS = Set.of("time", "duration");
  private static final Set<String> CLOCK_KEYS = Set.of("batch_time", "epoch_time");

  @Test
  void theTinySweepRunsLocallyAndOnSlurmWithTheSameResults(@TempDir Path tmp) throws Exception {
    Path local = copy(tmp.resolve("local"));
    SweepPlan plan = SweepPlan.of(SweepFile.read(local), Presets.directory());
    Path root = plan.layout().root();

    // A cell waits for its dependencies: refused, naming the one that is not done.
    CliRun early = CliRun.of("sweep", "cell", local.toString(), "evaluate/less_choice/1");
    assertThat(early.status()).as(early.transcript()).isEqualTo(1);
    assertThat(early.err()).contains("needs train/less_choice/1, which is not done");

    // Interrupted training: the cell's own command stopped after one of its two periods.
    List<String> trainArgs = new ArrayList<>(plan.cell("train/less_choice/1").steps().get(0).args());
    trainArgs.add("--max-periods=1");
    CliRun interrupted = CliRun.of(trainArgs.toArray(String[]::new));
    assertThat(interrupted.status()).as(interrupted.transcript()).isZero();
    assertThat(SummaryCsv.read(root.resolve("less_choice/1/summary.csv")).size()).isEqualTo(1);

    // A cell process killed while it runs is shown as failed and runs again.
    List<String> command = new ArrayList<>(CellCommand.prefix(plan.sweep()));
    command.add("baseline/adam");
    Path running = plan.layout().cell("baseline/adam").resolve("running");
    Process killed = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("killed.log").toFile()).start();
    while (!Files.exists(running) && killed.isAlive()) {
      Thread.sleep(20);
    }
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(running).as(Files.readString(tmp.resolve("killed.log"))).exists();
    CliRun afterKill = CliRun.of("sweep", "status", local.toString());
    assertThat(afterKill.out()).containsPattern("baseline/adam +failed +the process \\(pid [0-9]+\\) ended without");
    assertThat(afterKill.out()).containsPattern("evaluate/less_choice/1 +waiting +needs train/less_choice/1");

    CliRun run = CliRun.of("sweep", "run", local.toString(), "--workers=2");
    assertThat(run.status()).as(run.transcript()).isZero();
    assertThat(run.out()).contains("9 cell(s), 0 done already").contains("9 of 9 cell(s) done");
    assertThat(Files.readString(plan.layout().log("train/less_choice/1")))
        .contains("1 period(s) trained; the schedule is complete");
    CliRun status = CliRun.of("sweep", "status", local.toString());
    assertThat(status.out()).contains("9 cells: 9 done, 0 running, 0 failed, 0 waiting");

    // Everything done: a second run starts nothing and changes nothing.
    Path summary = root.resolve("choice-small/2/summary.csv");
    FileTime before = Files.getLastModifiedTime(summary);
    CliRun again = CliRun.of("sweep", "run", local.toString(), "--workers=2");
    assertThat(again.status()).isZero();
    assertThat(again.out()).contains("9 cell(s), 9 done already").doesNotContain("start ");
    assertThat(Files.getLastModifiedTime(summary)).isEqualTo(before);

    // A cell is never run twice at once: another holder of its records folder refuses it.
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      try (DirectoryLock lock = DirectoryLock.acquire(plan.layout().cell("train/less_choice/2"), "test")) {
        held.countDown();
        release.await();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    holder.start();
    held.await();
    CliRun twice = CliRun.of("sweep", "cell", local.toString(), "train/less_choice/2");
    release.countDown();
    holder.join();
    assertThat(twice.status()).isEqualTo(1);
    assertThat(twice.err()).contains("test").contains(plan.layout().cell("train/less_choice/2").toString());

    CliRun report = CliRun.of("sweep", "report", local.toString());
    assertThat(report.status()).as(report.transcript()).isZero();
    String markdown = Files.readString(root.resolve("report/report.md"));
    assertThat(markdown).contains("mlp_train").contains("less_choice").contains("choice-small").contains("adam");

    slurm(tmp, plan);
  }

  /** The same sweep on a one-node SLURM started for the test; results equal the local executor's. */
  private static void slurm(Path tmp, SweepPlan localPlan) throws Exception {
    if ("1".equals(System.getenv(OneNodeSlurm.OPT_OUT))) {
      Assumptions.abort(OneNodeSlurm.OPT_OUT + "=1: the SLURM half of the sweep test is turned off");
    }
    Path file = copy(tmp.resolve("slurm"));
    SweepPlan plan = SweepPlan.of(SweepFile.read(file), Presets.directory());
    try (OneNodeSlurm slurm = OneNodeSlurm.start(tmp.resolve("cluster"))) {
      String out = runOnSlurm(file, slurm.conf());
      assertThat(out).contains("stage 0-train: job array").contains("stage 2-evaluate: job array")
          .contains("9 cells: 9 done, 0 running, 0 failed, 0 waiting");
      assertThat(Files.readString(plan.layout().slurm().resolve("stage-1-train.sh"))).startsWith("#!/bin/bash\n");
      String rerun = runOnSlurm(file, slurm.conf());
      assertThat(rerun).contains("stage 0-train: every cell done; nothing submitted").doesNotContain("job array");
    }
    CliRun status = CliRun.of("sweep", "status", file.toString());
    assertThat(status.out()).contains("9 cells: 9 done");
    CliRun report = CliRun.of("sweep", "report", file.toString());
    assertThat(report.status()).as(report.transcript()).isZero();

    Path a = localPlan.layout().root();
    Path b = plan.layout().root();
    int summaries = 0;
    int results = 0;
    for (Path f : files(a)) {
      String name = f.getFileName().toString();
      Path other = b.resolve(a.relativize(f).toString());
      if (name.equals("summary.csv")) {
        assertSameSummary(f, other);
        summaries++;
      } else if (name.endsWith(".npz") && !f.toString().contains(".runs")) {
        assertSameArrays(f, other);
        results++;
      }
    }
    assertThat(summaries).isEqualTo(4);
    assertThat(results).as("period logs, evaluations and the baseline").isGreaterThanOrEqualTo(4 + 4 + 1);
  }

  private static String runOnSlurm(Path file, Path conf) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), "-Dl2o.root=" + ROOT, "org.l2o.cli.Main", "sweep",
        "run", file.toString(), "--executor=slurm", "--wait"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SLURM_CONF", conf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void assertSameSummary(Path a, Path b) throws IOException {
    SummaryTable x = SummaryCsv.read(a);
    SummaryTable y = SummaryCsv.read(b);
    assertThat(y.columns()).isEqualTo(x.columns());
    assertThat(y.size()).as(b.toString()).isEqualTo(x.size()).isPositive();
    for (String c : x.columns()) {
      if (!CLOCK_COLUMNS.contains(c)) {
        assertThat(y.column(c)).as(b + " " + c).isEqualTo(x.column(c));
      }
    }
  }

  private static void assertSameArrays(Path a, Path b) throws IOException {
    Map<String, NpyArray> x = Npz.read(a);
    Map<String, NpyArray> y = Npz.read(b);
    assertThat(y.keySet()).as(b.toString()).isEqualTo(x.keySet());
    for (String k : x.keySet()) {
      if (!CLOCK_KEYS.contains(k)) {
        assertThat(y.get(k)).as(b + " " + k).isEqualTo(x.get(k));
      }
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The tiny sweep in {@code dir}, its root a sub-folder there. */
  private static Path copy(Path dir) throws IOException {
    Files.createDirectories(dir);
    String text = Files.readString(ROOT.resolve("sweeps/tiny.json"))
        .replace("\"root\": \"../results/sweeps/tiny\"", "\"root\": \"tiny\"");
    assertThat(text).contains("\"root\": \"tiny\"");
    Path file = dir.resolve("tiny.json");
    Files.writeString(file, text);
    return file;
  }
}
