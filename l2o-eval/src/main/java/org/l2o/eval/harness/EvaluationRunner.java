package org.l2o.eval.harness;

import java.util.Random;
import org.l2o.core.event.ProgressListener;
import org.l2o.problems.ImageClassifier;

/**
 * Runs the evaluation protocol of spec §9.1 for one (problem, optimizer): {@code repeats} independent trainings,
 * each with fresh parameters, a fresh data order and a fresh optimizer, stacked along a leading repeat axis.
 */
public final class EvaluationRunner {

  private EvaluationRunner() {}

  /**
   * @param problem   the optimizee
   * @param optimizer creates the optimizer under test in each run's graph
   * @param repeats   number of runs R
   * @param epochs    epochs per run
   * @param seed      seed of the runs' randomness (initial parameters, data order); null for a fresh stream
   * @param listener  receives {@link EvaluationEvents}: each repeat's start, then its batches and epochs
   */
  public static RunStack run(ImageClassifier problem, OptimizerFactory optimizer, int repeats, int epochs, Long seed,
      ProgressListener listener) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeats);
    }
    Random master = seed == null ? new Random() : new Random(seed);
    TrainingHarness harness = new TrainingHarness(problem);
    RunStack stack = new RunStack();
    for (int r = 0; r < repeats; r++) {
      listener.on(new EvaluationEvents.RepeatStarted(r, repeats));
      stack.add(harness.train(optimizer, epochs, new Random(master.nextLong()), listener));
    }
    return stack;
  }
}
