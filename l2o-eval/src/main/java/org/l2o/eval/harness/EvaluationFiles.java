package org.l2o.eval.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.RunAggregate;
import org.l2o.eval.stats.Statistic;

/**
 * Writes the result files of one (problem, optimizer) evaluation: the original's {@code .npz} (keys of spec
 * §9.2, float32, leading repeat axis) and, next to it, {@code <name>.stats.json} with the statistics of spec
 * §9.4 per run and aggregated over runs.
 */
public final class EvaluationFiles {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationFiles() {}

  /** The npz arrays of a run stack. */
  public static Map<String, NpyArray> toNpz(RunStack stack) {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    stack.arrays().forEach((key, rows) -> out.put(key, NpyArray.float32(rows)));
    out.putAll(stack.debugArrays()); // keys of their own ("_..."): the original's keys stay as they are
    return out;
  }

  /** Statistics of a run stack. */
  public static EvaluationStatistics statistics(RunStack stack) {
    Map<String, float[][]> a = stack.arrays();
    return EvaluationStatistics.compute(a.get("loss"), a.get("val_loss"), a.get("val_sparse_categorical_accuracy"));
  }

  /** The stats file written next to an npz file. */
  public static Path statsFile(Path npz) {
    String name = npz.getFileName().toString();
    String base = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
    return npz.resolveSibling(base + ".stats.json");
  }

  /**
   * Writes the stats file and then {@code npz}, each atomically; returns the statistics.
   *
   * @param metadata free-form description (problem, optimizer, epochs, ...) stored in the stats file
   */
  public static EvaluationStatistics write(Path npz, RunStack stack, Map<String, Object> metadata) throws IOException {
    EvaluationStatistics stats = statistics(stack);
    ObjectNode root = JSON.createObjectNode();
    root.set("metadata", JSON.valueToTree(metadata));
    ObjectNode perRun = root.putObject("runs");
    ObjectNode aggregate = root.putObject("aggregate");
    for (Statistic s : Statistic.values()) {
      var arr = perRun.putArray(s.key());
      for (double v : stats.values(s)) {
        arr.add(v);
      }
      RunAggregate agg = stats.aggregate(s);
      ObjectNode a = aggregate.putObject(s.key());
      a.put("mean", agg.mean());
      a.put("std", agg.std());
      a.put("min", agg.min());
      a.put("max", agg.max());
      a.put("nan_runs", agg.nanCount());
    }
    AtomicFiles.writeString(statsFile(npz), JSON.writeValueAsString(root) + "\n");
    // The npz last: its presence says the evaluation is complete (a kill before it leaves a result to redo).
    Npz.write(npz, toNpz(stack));
    return stats;
  }
}
