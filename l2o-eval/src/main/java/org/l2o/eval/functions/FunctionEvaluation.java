package org.l2o.eval.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.io.AtomicFiles;
import org.l2o.core.io.NpyArray;
import org.l2o.core.io.Npz;
import org.l2o.eval.harness.EvaluationEvents;
import org.l2o.eval.harness.EvaluationFiles;
import org.l2o.eval.harness.OptimizerFactory;
import org.l2o.problems.functions.FunctionProblem;

/**
 * Evaluates an optimizer on a function problem as the original's {@code evaluate_function} / {@code function_fit}
 * (spec §9.2): each of R runs draws fresh coefficients, starts from x = 0 with a fresh optimizer and records the
 * loss before each of its {@code steps} updates. The result file has the one key {@code loss} [R, steps]
 * (float32), as the original's; {@code <name>.stats.json} beside it holds the metadata and, per run, ln of the
 * best and of the last loss. Run r's randomness is the r-th draw of the seed's stream.
 */
public final class FunctionEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FunctionEvaluation() {}

  /**
   * One run.
   *
   * @param rng source of the coefficients
   * @return the loss before each update [steps]
   */
  public static float[] train(FunctionProblem problem, OptimizerFactory optimizer, int steps, Random rng) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    try (FunctionTrainingGraph graph = new FunctionTrainingGraph(problem, problem.draw(rng), optimizer)) {
      float[] loss = new float[steps];
      for (int i = 0; i < steps; i++) {
        loss[i] = graph.step();
      }
      return loss;
    }
  }

  /**
   * R runs.
   *
   * @param seed     seed of the runs' coefficients
   * @param listener receives {@link EvaluationEvents.RepeatStarted} before each run
   * @return [R][steps]
   */
  public static float[][] run(FunctionProblem problem, OptimizerFactory optimizer, int repeats, int steps, long seed,
      ProgressListener listener) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeats);
    }
    Random master = new Random(seed);
    float[][] out = new float[repeats][];
    for (int r = 0; r < repeats; r++) {
      long runSeed = master.nextLong();
      listener.on(new EvaluationEvents.RepeatStarted(r, repeats));
      out[r] = train(problem, optimizer, steps, new Random(runSeed));
    }
    return out;
  }

  /** Per run, ln of the best (NaN-aware minimum) and of the last loss. */
  public record Statistics(double[] best, double[] last) {
    /** Mean over runs of ln best loss (NaN runs left out). */
    public double meanBest() {
      return finiteMean(best);
    }

    /** Mean over runs of ln last loss (NaN runs left out). */
    public double meanLast() {
      return finiteMean(last);
    }

    private static double finiteMean(double[] v) {
      double s = 0;
      int n = 0;
      for (double x : v) {
        if (!Double.isNaN(x)) {
          s += x;
          n++;
        }
      }
      return n == 0 ? Double.NaN : s / n;
    }
  }

  /** The statistics of [R][steps] losses. */
  public static Statistics statistics(float[][] loss) {
    double[] best = new double[loss.length];
    double[] last = new double[loss.length];
    for (int r = 0; r < loss.length; r++) {
      double m = Double.NaN;
      for (float v : loss[r]) {
        if (!Float.isNaN(v) && (Double.isNaN(m) || v < m)) {
          m = v;
        }
      }
      best[r] = Math.log(m);
      last[r] = Math.log(loss[r][loss[r].length - 1]);
    }
    return new Statistics(best, last);
  }

  /**
   * Writes the stats file and then {@code npz} (key {@code loss}), each atomically.
   *
   * @param metadata problem, optimizer, repeat, steps, seed, ...
   */
  public static Statistics write(Path npz, float[][] loss, Map<String, Object> metadata) throws IOException {
    Statistics stats = statistics(loss);
    ObjectNode root = JSON.createObjectNode();
    root.set("metadata", JSON.valueToTree(metadata));
    ObjectNode runs = root.putObject("runs");
    var best = runs.putArray("best");
    var last = runs.putArray("last");
    for (int r = 0; r < loss.length; r++) {
      best.add(stats.best()[r]);
      last.add(stats.last()[r]);
    }
    ObjectNode aggregate = root.putObject("aggregate");
    aggregate.put("best_mean", stats.meanBest());
    aggregate.put("last_mean", stats.meanLast());
    AtomicFiles.writeString(EvaluationFiles.statsFile(npz), JSON.writeValueAsString(root) + "\n");
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("loss", NpyArray.float32(loss));
    Npz.write(npz, arrays); // last: its presence says the evaluation is complete
    return stats;
  }
}
