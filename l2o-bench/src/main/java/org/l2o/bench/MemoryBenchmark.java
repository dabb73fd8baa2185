package org.l2o.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Peak resident memory of meta-training per configuration, each measured in its own child JVM
 * ({@link MemoryProbe}) started with this process's class path, an explicit {@code -Xmx} and this
 * process's {@code l2o.*} system properties (thread counts, data cache). A child's peak ({@code VmHWM})
 * is exact for that configuration alone: nothing measured before can raise it, which one shared process
 * could not guarantee (TensorFlow's allocator and the JVM heap keep memory they once used). The
 * {@code -Xmx} bounds the heap's share, so the figure is the native memory plus at most that heap.
 *
 * <p>JavaCPP, under TensorFlow Java, refuses to allocate once the process's resident memory exceeds its
 * {@code org.bytedeco.javacpp.maxPhysicalBytes}, by default 4 x {@code -Xmx} ("OutOfMemoryError: Physical
 * memory usage is too high"). The children turn that guard off ({@value #NO_PHYSICAL_LIMIT}) so they report
 * the real peak rather than the guard's limit; {@code org.bytedeco.javacpp.*} properties of this process are
 * passed on after it and so override it.
 */
public final class MemoryBenchmark {

  /**
   * How to run the children.
   *
   * @param problem problem name
   * @param data    image source
   * @param xmx     the children's maximum heap (a {@code -Xmx} value such as {@code 2g})
   * @param windows windows run after the first
   * @param seed    seed of weights, data, scalings and initial parameters
   * @param timeout the longest a child may run before it is stopped
   */
  public record Settings(String problem, BenchData data, String xmx, int windows, long seed, Duration timeout) {
    /** Checks the values. */
    public Settings {
      if (!xmx.matches("[0-9]+[kKmMgG]?")) {
        throw new IllegalArgumentException("heap size must look like 512m or 2g, got '" + xmx + "'");
      }
      if (windows < 0) {
        throw new IllegalArgumentException("windows after the first must be >= 0, got " + windows);
      }
    }
  }

  /**
   * The figures of one child (bytes; -1 or NaN where the child failed before that phase; a child that failed
   * in a phase still reports its peak so far).
   *
   * @param config             the configuration
   * @param xmx                the child's -Xmx
   * @param peakRssBytes       VmHWM at the end: the peak resident memory of the whole process
   * @param rssAfterDataBytes  VmRSS once the training split is loaded (JVM, TensorFlow library, data)
   * @param rssAfterBuildBytes VmRSS once the graph is built and its session opened
   * @param rssAfterFirstRunBytes VmRSS after the first window
   * @param rssEndBytes        VmRSS after the last window
   * @param heapCommittedBytes largest committed JVM heap seen
   * @param operations         operations in the unroll graph
   * @param buildSeconds       graph build and session
   * @param firstRunSeconds    first window
   * @param secondsPerWindow   median of the following windows (NaN if none)
   * @param exitCode           the child's exit status
   * @param error              null on success, else what went wrong
   */
  public record Result(MetaStepConfig config, String xmx, long peakRssBytes, long rssAfterDataBytes,
      long rssAfterBuildBytes, long rssAfterFirstRunBytes, long rssEndBytes, long heapCommittedBytes,
      long operations, double buildSeconds, double firstRunSeconds, double secondsPerWindow, int exitCode,
      String error) {

    /** Whether the child finished and reported. */
    public boolean ok() {
      return error == null;
    }
  }

  /** The child option that turns JavaCPP's physical-memory guard off. */
  public static final String NO_PHYSICAL_LIMIT = "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0";

  private final Settings settings;

  /** @param settings how to run the children */
  public MemoryBenchmark(Settings settings) {
    this.settings = settings;
  }

  /** Measures every configuration, one child after another, reporting each to {@code progress}. */
  public List<Result> run(List<MetaStepConfig> configs, java.util.function.Consumer<Result> progress) {
    List<Result> out = new ArrayList<>();
    for (MetaStepConfig c : configs) {
      Result r = measure(c);
      progress.accept(r);
      out.add(r);
    }
    return out;
  }

  /** The child's command line for {@code config}. */
  public List<String> command(MetaStepConfig config) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + settings.xmx());
    cmd.add(NO_PHYSICAL_LIMIT);
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith("l2o.") || key.startsWith("org.bytedeco.javacpp.")) {
        cmd.add("-D" + key + "=" + e.getValue());
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MemoryProbe.class.getName());
    cmd.add(settings.problem());
    cmd.add(Integer.toString(config.unroll()));
    cmd.add(Integer.toString(config.teachers()));
    cmd.add(MemoryProbe.order(config));
    cmd.add(Integer.toString(settings.windows()));
    cmd.add(settings.data().name().toLowerCase(Locale.ROOT));
    cmd.add(Long.toString(settings.seed()));
    cmd.add(Integer.toString(config.segmentLength()));
    return cmd;
  }

  /** Runs one child and returns its figures; a failed child gives a result with {@link Result#error()}. */
  public Result measure(MetaStepConfig config) {
    ProcessBuilder pb = new ProcessBuilder(command(config)).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child;
    try {
      child = pb.start();
    } catch (IOException e) {
      return failed(config, -1, "cannot start the child JVM: " + e.getMessage());
    }
    String line = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      // The reader ends when the child exits; a watchdog stops a child that runs past the timeout.
      Thread watchdog = new Thread(() -> {
        try {
          if (!child.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
          }
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }, "memory-probe-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.startsWith(MemoryProbe.MARKER)) {
          line = l.substring(MemoryProbe.MARKER.length());
        } else {
          System.err.println(l);
        }
      }
      int exit = child.waitFor();
      if (line != null) {
        return parse(config, exit, line);
      }
      String why = exit == 137 || exit == 9
          ? "child JVM killed (exit " + exit + "): out of memory or past the " + settings.timeout() + " timeout"
          : "child JVM exited with status " + exit + " without a result (its error is on stderr above)";
      return failed(config, exit, why);
    } catch (IOException e) {
      child.destroyForcibly();
      return failed(config, -1, "cannot read the child's output: " + e.getMessage());
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
      return failed(config, -1, "interrupted");
    }
  }

  private Result parse(MetaStepConfig config, int exit, String json) throws IOException {
    JsonNode n = new ObjectMapper().readTree(json);
    String error = n.hasNonNull("error")
        ? String.format("failed (exit %d) with VmRSS %.2f GB, VmHWM %.2f GB: %s", exit, n.path("rss_end").asLong(-1) / 1e9,
            n.path("peak_rss").asLong(-1) / 1e9, n.get("error").asText())
        : exit != 0 ? "child JVM exited with status " + exit : null;
    return new Result(config, settings.xmx(), n.path("peak_rss").asLong(-1), n.path("rss_after_data").asLong(-1),
        n.path("rss_after_build").asLong(-1), n.path("rss_after_first_run").asLong(-1), n.path("rss_end").asLong(-1),
        n.path("heap_committed").asLong(-1), n.path("operations").asLong(-1), n.path("build_seconds").asDouble(Double.NaN),
        n.path("first_run_seconds").asDouble(Double.NaN), n.path("seconds_per_window").asDouble(Double.NaN), exit,
        error);
  }

  private Result failed(MetaStepConfig config, int exit, String error) {
    return new Result(config, settings.xmx(), -1, -1, -1, -1, -1, -1, -1, Double.NaN, Double.NaN, Double.NaN, exit,
        error);
  }
}
