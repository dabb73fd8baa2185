package org.l2o.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2o.core.tf.TfSessions;

/**
 * Everything one run of the meta-training benchmark measured, with the conditions it ran under.
 *
 * @param problem     problem name
 * @param parameters  optimizee parameters N
 * @param batchSize   minibatch size
 * @param environment the conditions of the run
 * @param adamBursts  every Adam reference burst, in order
 * @param timing      one result per timed configuration (empty if timing was not run)
 * @param timingPeakRssBytes peak resident memory (VmHWM) of the process that ran the timing part, all its
 *                    graphs together (-1 if unknown or not run)
 * @param memory      one result per memory configuration (empty if memory was not measured)
 */
public record MetaBenchReport(String problem, long parameters, int batchSize, Environment environment,
    List<AdamReference.Burst> adamBursts, List<MetaStepBenchmark.Result> timing, long timingPeakRssBytes,
    List<MemoryBenchmark.Result> memory) {

  /** Copies the lists. */
  public MetaBenchReport {
    adamBursts = List.copyOf(adamBursts);
    timing = List.copyOf(timing);
    memory = List.copyOf(memory);
  }

  /** Median wall milliseconds per Adam step over all bursts (NaN without timing). */
  public double adamMedianMs() {
    return Stats.median(adamBursts.stream().mapToDouble(AdamReference.Burst::wallMs).toArray());
  }

  /** Writes the report as indented JSON (NaN figures as the string "NaN"), creating parent directories. */
  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  /**
   * Reads a report written by {@link #writeJson} (properties it does not know, such as derived ones, are
   * skipped).
   *
   * @throws IOException naming the file if it cannot be read or is not such a report
   */
  public static MetaBenchReport readJson(Path file) throws IOException {
    try {
      return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(file.toFile(), MetaBenchReport.class);
    } catch (IOException e) {
      throw new IOException("cannot read the benchmark report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The conditions of a run.
   *
   * @param processors     processors available to the JVM
   * @param intraThreads   the {@code l2o.threads.intra} property (null: TensorFlow's default)
   * @param interThreads   the {@code l2o.threads.inter} property (null: TensorFlow's default)
   * @param onednnOpts     the {@code TF_ENABLE_ONEDNN_OPTS} environment variable (null: unset, TensorFlow's
   *                       default, which is on for x86 builds of this version)
   * @param data           image source
   * @param maxHeapBytes   this JVM's maximum heap
   * @param loadStart      the 1-minute load average when the run started (-1 if unknown)
   * @param loadEnd        the 1-minute load average when it ended (-1 if unknown)
   */
  public record Environment(int processors, String intraThreads, String interThreads, String onednnOpts,
      BenchData data, long maxHeapBytes, double loadStart, double loadEnd) {

    /** The conditions now, with {@code loadEnd} still unknown. */
    public static Environment capture(BenchData data) {
      return new Environment(Runtime.getRuntime().availableProcessors(),
          System.getProperty(TfSessions.INTRA_PROPERTY), System.getProperty(TfSessions.INTER_PROPERTY),
          System.getenv("TF_ENABLE_ONEDNN_OPTS"), data, Runtime.getRuntime().maxMemory(), loadAverage(), -1);
    }

    /** A copy with the load average at the end of the run. */
    public Environment ended() {
      return new Environment(processors, intraThreads, interThreads, onednnOpts, data, maxHeapBytes, loadStart,
          loadAverage());
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or -1 where unavailable. */
    static double loadAverage() {
      try {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
  }
}
