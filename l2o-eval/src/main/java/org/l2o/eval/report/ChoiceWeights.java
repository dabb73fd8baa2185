package org.l2o.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.core.json.Json;

/**
 * What a choice policy picks over training: from the {@code _choices_<variable>} arrays [runs, batches, K] of
 * evaluation files (spec §17), the mean weight of every pool member per training batch, averaged over runs,
 * variables (each variable counts once) and replicates, and over consecutive batches down to at most
 * {@link #MAX_POINTS} points. Members are named after the {@code policy/pool} of the experiment's config.json
 * ({@code <dir>/eval/<problem>/<file>.npz} lies three folders below it), else {@code member <j>}.
 *
 * @param members the pool members' names, in pool order
 * @param epochs  the x position (in epochs, at the end of each bin) of every point
 * @param weights per member, the mean weight at every point
 */
public record ChoiceWeights(List<String> members, double[] epochs, double[][] weights) {
  /** Most points drawn per member. */
  public static final int MAX_POINTS = 400;
  /** Prefix of the evaluation keys holding choice weights. */
  public static final String PREFIX = "_choices_";

  public ChoiceWeights {
    members = List.copyOf(members);
  }

  /** The choice weights of an entry's replicates; empty if none of its files holds any. */
  static Optional<ChoiceWeights> of(ResultEntry entry) throws IOException {
    List<ChoiceWeights> found = new ArrayList<>();
    for (EvaluationRecord r : entry.replicates()) {
      read(r.source(), r.epochs()).ifPresent(found::add);
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ChoiceWeights first = found.get(0);
    double[][] sum = new double[first.members().size()][first.epochs().length];
    int count = 0;
    for (ChoiceWeights w : found) {
      if (w.members().size() != first.members().size() || w.epochs().length != first.epochs().length) {
        continue; // replicates of another pool or length are not averaged in
      }
      for (int j = 0; j < sum.length; j++) {
        for (int p = 0; p < sum[j].length; p++) {
          sum[j][p] += w.weights()[j][p];
        }
      }
      count++;
    }
    for (double[] row : sum) {
      for (int p = 0; p < row.length; p++) {
        row[p] /= count;
      }
    }
    return Optional.of(new ChoiceWeights(first.members(), first.epochs(), sum));
  }

  /**
   * The choice weights of one evaluation file.
   *
   * @param npz    the file
   * @param epochs its number of epochs (the batches are spread evenly over them)
   */
  public static Optional<ChoiceWeights> read(Path npz, int epochs) throws IOException {
    List<NpyArray> arrays = new ArrayList<>();
    for (Map.Entry<String, NpyArray> e : Npz.read(npz).entrySet()) {
      if (e.getKey().startsWith(PREFIX) && e.getValue().rank() == 3) {
        arrays.add(e.getValue());
      }
    }
    if (arrays.isEmpty()) {
      return Optional.empty();
    }
    long[] shape = arrays.get(0).shape();
    int runs = (int) shape[0];
    int batches = (int) shape[1];
    int k = (int) shape[2];
    double[][] perBatch = new double[k][batches];
    for (NpyArray a : arrays) {
      float[] v = a.floats();
      for (int r = 0; r < runs; r++) {
        for (int b = 0; b < batches; b++) {
          for (int j = 0; j < k; j++) {
            perBatch[j][b] += v[(r * batches + b) * k + j] / ((double) runs * arrays.size());
          }
        }
      }
    }
    int bin = Math.max(1, (batches + MAX_POINTS - 1) / MAX_POINTS);
    int points = (batches + bin - 1) / bin;
    double[] x = new double[points];
    double[][] w = new double[k][points];
    for (int p = 0; p < points; p++) {
      int from = p * bin;
      int to = Math.min(batches, from + bin);
      x[p] = (double) to * epochs / batches;
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int b = from; b < to; b++) {
          s += perBatch[j][b];
        }
        w[j][p] = s / (to - from);
      }
    }
    return Optional.of(new ChoiceWeights(names(npz, k), x, w));
  }

  private static List<String> names(Path npz, int k) {
    List<String> names = new ArrayList<>();
    Path eval = npz.toAbsolutePath().getParent().getParent();
    Path config = eval.getParent().resolve("config.json");
    if (eval.getFileName() != null && eval.getFileName().toString().equals("eval") && Files.isRegularFile(config)) {
      try {
        JsonNode pool = Json.mapper().readTree(config.toFile()).path("policy").path("pool");
        if (pool.isArray() && pool.size() == k) {
          pool.forEach(m -> names.add(m.path("class_name").asText("?")));
          return names;
        }
      } catch (IOException | RuntimeException e) {
        // no readable pool: numbered members
      }
    }
    for (int j = 0; j < k; j++) {
      names.add("member " + j);
    }
    return names;
  }
}
