package org.l2o.strategies.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.l2o.core.checkpoint.TensorCheckpoint;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.train.Learner;
import org.l2o.core.train.MetaTrainingEvents;
import org.l2o.core.train.PeriodArgs;
import org.l2o.core.train.PeriodResult;

/**
 * A deterministic {@link Learner} that records every call. A test double is right here because the Learner is the
 * boundary of this module: strategies only drive it (run, save, restore) and know nothing of graphs or LSTMs. The
 * real engine ({@code MetaLearner}) is tested end-to-end with the strategies by the project lead.
 *
 * <p>Its "weights" are a name: {@code init}, then {@code <learner name><n>} after its n-th training period.
 * {@link #save} writes that name into both checkpoint files, {@link #restore} reads it back, so a test can see which
 * checkpoint every period started from. Losses are scripted: each period's meta loss is the next scripted value at
 * every meta-step (values exact in float32, so the means are exact).
 */
final class RecordingLearner implements Learner {
  private final String name;
  private final Deque<Double> trainingLosses;
  private final Deque<Double> validationLosses;
  private final int teachers;
  private String weights = "init";
  private int trained;

  /** Every call: "train", "validate", "save <name>", "restore <name>". */
  final List<String> calls = new ArrayList<>();
  /** The weights each training period started from. */
  final List<String> startingWeights = new ArrayList<>();
  /** Arguments of every run, in order. */
  final List<PeriodArgs> args = new ArrayList<>();
  /** Results of the training runs, in order. */
  final List<PeriodResult> trainingResults = new ArrayList<>();

  /**
   * @param trainingLosses   training meta loss of each training period in order (3.0 once exhausted)
   * @param validationLosses validation meta loss of each validation period in order
   */
  RecordingLearner(String name, double[] trainingLosses, double[] validationLosses, int teachers) {
    this.name = name;
    this.trainingLosses = deque(trainingLosses);
    this.validationLosses = deque(validationLosses);
    this.teachers = teachers;
  }

  private static Deque<Double> deque(double[] values) {
    Deque<Double> out = new ArrayDeque<>();
    for (double v : values) {
      out.add(v);
    }
    return out;
  }

  @Override
  public PeriodResult run(PeriodArgs periodArgs, ProgressListener listener) {
    boolean validation = periodArgs.validation();
    args.add(periodArgs);
    calls.add(validation ? "validate" : "train");
    double value;
    if (validation) {
      if (validationLosses.isEmpty()) {
        throw new IllegalStateException("no scripted validation loss left");
      }
      value = validationLosses.remove();
    } else {
      value = trainingLosses.isEmpty() ? 3.0 : trainingLosses.remove();
    }
    int steps = periodArgs.metaSteps();
    float[] meta = new float[steps];
    float[] imitation = new float[steps];
    float[][] counts = new float[steps][teachers];
    for (int i = 0; i < steps; i++) {
      meta[i] = (float) value;
      imitation[i] = 0.5f * i;
      for (int k = 0; k < teachers; k++) {
        counts[i][k] = i + k;
      }
      listener.on(new MetaTrainingEvents.MetaStep(validation, i, steps, meta[i], imitation[i]));
    }
    PeriodResult result = new PeriodResult(meta, imitation, counts, 0, new int[teachers], 0.0);
    if (!validation) {
      startingWeights.add(weights);
      trained++;
      weights = name + trained;
      trainingResults.add(result);
    }
    return result;
  }

  @Override
  public void save(Path prefix) throws IOException {
    calls.add("save " + prefix.getFileName());
    Files.writeString(TensorCheckpoint.dataFile(prefix), weights, StandardCharsets.UTF_8);
    Files.writeString(TensorCheckpoint.indexFile(prefix), weights, StandardCharsets.UTF_8);
  }

  @Override
  public void restore(Path prefix) throws IOException {
    calls.add("restore " + prefix.getFileName());
    if (!TensorCheckpoint.exists(prefix)) {
      throw new IOException("no checkpoint " + prefix);
    }
    weights = Files.readString(TensorCheckpoint.indexFile(prefix), StandardCharsets.UTF_8);
  }

  @Override
  public int teacherCount() {
    return teachers;
  }

  /** The current weights' name. */
  String weights() {
    return weights;
  }
}
