package org.l2o.eval.gridsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.FileFormatException;
import org.l2o.core.json.ConfigException;
import org.l2o.core.json.Json;
import org.l2o.core.json.PythonFloat;
import org.l2o.eval.stats.EvaluationStatistics;
import org.l2o.eval.stats.Statistic;

/**
 * The best learning rate of each policy on one problem, by the paper's criterion (spec §4.4): the best
 * validation loss within the first {@code criterionEpochs} epochs (5 in the paper), i.e. the statistic
 * {@code val_best} (ln of the smallest validation loss) over those epochs, averaged over the runs. A learning
 * rate with a run that never gave a finite validation loss in those epochs scores NaN and is never chosen.
 *
 * @param problem         the problem searched
 * @param criterionEpochs how many leading epochs the criterion looks at
 * @param scores          per policy, per learning rate (ascending), the criterion (lower is better; NaN: failed)
 */
public record GridSearchTable(String problem, int criterionEpochs, Map<String, Map<Double, Double>> scores) {
  /** The paper's number of epochs for the criterion. */
  public static final int PAPER_CRITERION_EPOCHS = 5;

  /** Copies the maps (policies in the given order, learning rates ascending). */
  public GridSearchTable {
    Objects.requireNonNull(problem, "problem");
    if (criterionEpochs < 1) {
      throw new IllegalArgumentException("criterionEpochs " + criterionEpochs + ": expected at least 1");
    }
    Map<String, Map<Double, Double>> copy = new LinkedHashMap<>();
    scores.forEach((policy, byRate) -> {
      if (byRate.isEmpty()) {
        throw new IllegalArgumentException("policy " + policy + " has no learning rate");
      }
      copy.put(policy, Collections.unmodifiableMap(new TreeMap<>(byRate)));
    });
    scores = Collections.unmodifiableMap(copy);
  }

  /**
   * The criterion of one evaluation: mean over runs of ln min over the first {@code epochs} epochs of the
   * validation loss; NaN if any run has no finite validation loss there.
   *
   * @param loss        training loss per run and epoch, [R, E]
   * @param valLoss     validation loss per run and epoch, [R, E]
   * @param valAccuracy validation accuracy per run and epoch, [R, E]
   * @param epochs      how many leading epochs count (all of them if the runs are shorter)
   */
  public static double score(double[][] loss, double[][] valLoss, double[][] valAccuracy, int epochs) {
    EvaluationStatistics stats = EvaluationStatistics.compute(head(loss, epochs), head(valLoss, epochs),
        head(valAccuracy, epochs));
    double[] best = stats.values(Statistic.VAL_BEST);
    double sum = 0;
    for (double v : best) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      sum += v;
    }
    return sum / best.length;
  }

  private static double[][] head(double[][] rows, int epochs) {
    double[][] out = new double[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      out[r] = Arrays.copyOf(rows[r], Math.min(epochs, rows[r].length));
    }
    return out;
  }

  /** The policies searched, in order. */
  public List<String> policies() {
    return List.copyOf(scores.keySet());
  }

  /**
   * The best learning rate of {@code policy}: the one of lowest score; among equal scores the smaller rate.
   *
   * @throws IllegalArgumentException if the policy was not searched
   * @throws IllegalStateException if every learning rate failed
   */
  public double bestLearningRate(String policy) {
    Map<Double, Double> byRate = scores.get(policy);
    if (byRate == null) {
      throw new IllegalArgumentException("the grid search of " + problem + " has no policy '" + policy
          + "'; it has " + policies());
    }
    double best = Double.NaN;
    double bestScore = Double.POSITIVE_INFINITY;
    for (Map.Entry<Double, Double> e : byRate.entrySet()) {
      if (!Double.isNaN(e.getValue()) && (Double.isNaN(best) || e.getValue() < bestScore)) {
        best = e.getKey();
        bestScore = e.getValue();
      }
    }
    if (Double.isNaN(best)) {
      throw new IllegalStateException("every learning rate of " + policy + " on " + problem + " failed "
          + byRate.keySet());
    }
    return best;
  }

  /** The table as text: one row per policy, one column per learning rate, and the best rate. */
  public String toText() {
    List<Double> rates = scores.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%s: mean ln best val_loss in the first %d epochs (lower is better)%n", problem,
        criterionEpochs));
    sb.append(String.format("%-10s", "policy"));
    rates.forEach(r -> sb.append(String.format(" %10s", PythonFloat.str(r))));
    sb.append(String.format("  %s%n", "best lr"));
    scores.forEach((policy, byRate) -> {
      sb.append(String.format("%-10s", policy));
      for (double r : rates) {
        Double s = byRate.get(r);
        sb.append(s == null ? String.format(" %10s", "-") : Double.isNaN(s) ? String.format(" %10s", "failed")
            : String.format(" %10.4f", s));
      }
      String best;
      try {
        best = PythonFloat.str(bestLearningRate(policy));
      } catch (IllegalStateException e) {
        best = "none";
      }
      sb.append("  ").append(best).append(System.lineSeparator());
    });
    return sb.toString();
  }

  /** Writes the table as JSON (atomically). */
  public void write(Path file) throws IOException {
    ObjectNode root = Json.nodes().objectNode();
    root.put("problem", problem);
    root.put("criterion", "mean over runs of ln(min val_loss over the first " + criterionEpochs + " epochs)");
    root.put("criterion_epochs", criterionEpochs);
    ObjectNode policies = root.putObject("policies");
    scores.forEach((policy, byRate) -> {
      ObjectNode p = policies.putObject(policy);
      try {
        p.put("best_learning_rate", bestLearningRate(policy));
      } catch (IllegalStateException e) {
        p.putNull("best_learning_rate");
      }
      ObjectNode grid = p.putObject("scores");
      byRate.forEach((rate, score) -> {
        if (Double.isNaN(score)) {
          grid.putNull(PythonFloat.str(rate));
        } else {
          grid.put(PythonFloat.str(rate), score);
        }
      });
    });
    AtomicFiles.writeString(file, Json.pretty(root) + "\n");
  }

  /**
   * Reads a table written by {@link #write}.
   *
   * @throws ConfigException if the file is missing or not JSON
   * @throws FileFormatException if a key is missing or has the wrong type (the message names file and key)
   */
  public static GridSearchTable read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new ConfigException("no grid-search table " + file + "; run l2o gridsearch for that problem first");
    }
    ObjectNode root = Json.readObject(file, "grid-search table");
    String problem = text(file, root, "problem");
    JsonNode epochs = root.get("criterion_epochs");
    if (epochs == null || !epochs.canConvertToInt() || !epochs.isIntegralNumber() || epochs.intValue() < 1) {
      throw new FileFormatException(file + ": key criterion_epochs: expected a whole number of at least 1");
    }
    JsonNode policies = root.get("policies");
    if (policies == null || !policies.isObject() || policies.isEmpty()) {
      throw new FileFormatException(file + ": key policies: expected an object of policies");
    }
    Map<String, Map<Double, Double>> scores = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> p : policies.properties()) {
      JsonNode grid = p.getValue().get("scores");
      String key = "policies/" + p.getKey() + "/scores";
      if (grid == null || !grid.isObject() || grid.isEmpty()) {
        throw new FileFormatException(file + ": key " + key + ": expected an object of learning rate -> score");
      }
      Map<Double, Double> byRate = new TreeMap<>();
      for (Map.Entry<String, JsonNode> g : grid.properties()) {
        double rate;
        try {
          rate = Double.parseDouble(g.getKey());
        } catch (NumberFormatException e) {
          throw new FileFormatException(file + ": key " + key + "/" + g.getKey() + ": expected a learning rate");
        }
        JsonNode s = g.getValue();
        if (!s.isNull() && !s.isNumber()) {
          throw new FileFormatException(file + ": key " + key + "/" + g.getKey() + ": expected a number or null");
        }
        byRate.put(rate, s.isNull() ? Double.NaN : s.doubleValue());
      }
      scores.put(p.getKey(), byRate);
    }
    return new GridSearchTable(problem, epochs.intValue(), scores);
  }

  private static String text(Path file, ObjectNode root, String key) throws FileFormatException {
    JsonNode n = root.get(key);
    if (n == null || !n.isTextual()) {
      throw new FileFormatException(file + ": key " + key + ": expected a string");
    }
    return n.textValue();
  }
}
