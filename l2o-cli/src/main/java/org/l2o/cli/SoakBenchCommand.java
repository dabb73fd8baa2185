package org.l2o.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.l2o.bench.MemorySoak;
import org.l2o.core.io.AtomicFiles;
import org.l2o.problems.ImageClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code l2o bench soak}: resident memory over a long meta-training run, and whether it stays flat. */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Memory soak: resident memory over many meta-steps of a small configuration, and its growth.",
    description = {
        "Meta-train a small configuration for --meta-steps meta-steps through the engine's own learner (training "
            + "periods of --instances problem instances x --depth windows, one warm-up window each, clipping and "
            + "the outer Adam; every training period followed by a validation period of one instance), reading "
            + "this process's resident memory (VmRSS) and committed JVM heap every --sample-every meta-steps (progress on"
            + " standard error, the summary on standard output).",
        "",
        "Reports the resident memory at --baseline-step (after start-up), at the end and at its highest, the "
            + "growth from the baseline to the end and to the highest point (the goal is judged on the highest: "
            + "below 5% after the first hundred meta-steps), and the least-squares slope. The JVM heap's pages are "
            + "touched lazily and may add up to -Xmx without a leak; to keep them out of the figure, make the heap "
            + "resident from the start: L2O_JAVA_OPTS='-Xms1g -Xmx1g -XX:+AlwaysPreTouch'.",
        ""},
    footer = {"", "Examples:",
        "  l2o bench soak",
        "  l2o bench soak --meta-steps=2000 --unroll=10 --teachers=0 --csv=soak.csv"})
final class SoakBenchCommand implements Callable<Integer> {

  /** The goal of the reliability issue: growth after the first hundred meta-steps below 5%. */
  static final double GOAL_GROWTH = 0.05;

  @Spec CommandSpec spec;

  @Option(names = "--problem", paramLabel = "NAME", defaultValue = "mlp_train",
      description = "Problem meta-trained on (see `l2o problems`). Default: ${DEFAULT-VALUE}.")
  String problem;

  @Option(names = "--unroll", paramLabel = "U", defaultValue = "5",
      description = "Inner steps per window. Default: ${DEFAULT-VALUE}.")
  int unroll;

  @Option(names = "--teachers", paramLabel = "K", defaultValue = "2",
      description = "Teachers: 0 (student alone), 1 (Adam) or 2 (Adam and RMSProp). Default: ${DEFAULT-VALUE}.")
  int teachers;

  @Option(names = "--order", paramLabel = "ORDER", defaultValue = "second",
      description = "Meta-gradient order: first or second. Default: ${DEFAULT-VALUE}.")
  String order;

  @Option(names = "--meta-steps", paramLabel = "N", defaultValue = "10000",
      description = "Training meta-steps in all. Default: ${DEFAULT-VALUE}.")
  int metaSteps;

  @Option(names = "--depth", paramLabel = "N", defaultValue = "5",
      description = "Windows per problem instance. Default: ${DEFAULT-VALUE}.")
  int depth;

  @Option(names = "--instances", paramLabel = "N", defaultValue = "20",
      description = "Problem instances per training period. Default: ${DEFAULT-VALUE}.")
  int instances;

  @Option(names = "--sample-every", paramLabel = "N", defaultValue = "100",
      description = "Meta-steps between memory samples. Default: ${DEFAULT-VALUE}.")
  int sampleEvery;

  @Option(names = "--baseline-step", paramLabel = "N", defaultValue = "100",
      description = "Meta-step whose sample growth is measured from. Default: ${DEFAULT-VALUE}.")
  int baselineStep;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1234",
      description = "Seed of the student's weights and the periods. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--csv", paramLabel = "FILE",
      description = "Also write every sample (step, seconds, rss_bytes, heap_bytes) to FILE; refused if it exists.")
  Path csv;

  @Override
  public Integer call() throws IOException {
    if (!order.equals("first") && !order.equals("second")) {
      throw new ParameterException(spec.commandLine(), "--order: expected first or second, got '" + order + "'");
    }
    if (csv != null && Files.exists(csv)) {
      throw new ParameterException(spec.commandLine(), "--csv: " + csv + " exists already");
    }
    MemorySoak.Settings settings;
    try {
      settings = new MemorySoak.Settings(unroll, teachers, order.equals("second"), metaSteps, depth, instances,
          sampleEvery, baselineStep, seed);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ImageClassifier p = ProblemSupport.problem(problem);
    ProblemSupport.ensureData(p);
    System.err.printf("soak: %s, U=%d, %d teacher(s), %s order, %,d meta-steps, max heap %d MB%n", problem, unroll,
        teachers, order, metaSteps, Runtime.getRuntime().maxMemory() >> 20);
    MemorySoak.Result r = MemorySoak.run(p, settings, s -> System.err.printf(Locale.ROOT,
        "  step %6d  %7.1f s  rss %7.1f MB  committed heap %7.1f MB%n", s.step(), s.seconds(),
        s.rssBytes() / 1e6, s.heapBytes() / 1e6));
    if (csv != null) {
      StringBuilder text = new StringBuilder("step,seconds,rss_bytes,heap_bytes\n");
      for (MemorySoak.Sample s : r.samples()) {
        text.append(String.format(Locale.ROOT, "%d,%.3f,%d,%d%n", s.step(), s.seconds(), s.rssBytes(), s.heapBytes()));
      }
      if (!AtomicFiles.createNew(csv, text.toString())) {
        throw new IOException("--csv: " + csv + " appeared during the soak; the samples were not written");
      }
    }
    print(r, System.out);
    return 0;
  }

  /** The summary of a soak. */
  static void print(MemorySoak.Result r, PrintStream out) {
    MemorySoak.Sample base = r.baseline();
    MemorySoak.Sample last = r.last();
    out.printf(Locale.ROOT, "%,d meta-steps in %.0f s (%.1f ms per meta-step), %d update(s) skipped as not finite%n",
        last.step(), r.seconds(), 1000 * r.seconds() / Math.max(1, last.step()), r.skippedUpdates());
    out.printf(Locale.ROOT, "resident memory: %.1f MB at step %d, %.1f MB at step %d, highest %.1f MB%n",
        base.rssBytes() / 1e6, base.step(), last.rssBytes() / 1e6, last.step(), r.maxRssAfterBaseline() / 1e6);
    out.printf(Locale.ROOT, "growth after step %d: %+.2f%% at the end, %+.2f%% at the highest point; slope %+.2f MB"
        + " per 1,000 meta-steps%n", base.step(), 100 * r.rssGrowth(), 100 * r.maxRssGrowth(),
        r.rssSlopePerThousandSteps() / 1e6);
    boolean met = r.maxRssGrowth() < GOAL_GROWTH;
    out.printf(Locale.ROOT, "goal: growth below %.0f%% after the first hundred meta-steps: %s%n", 100 * GOAL_GROWTH,
        met ? "MET" : "NOT MET");
  }
}
