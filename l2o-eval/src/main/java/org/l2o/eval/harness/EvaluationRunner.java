package org.l2o.eval.harness;

import java.io.IOException;
import java.util.Optional;
import java.util.Random;
import org.l2o.core.event.ProgressListener;
import org.l2o.problems.ImageClassifier;

/**
 * Runs the evaluation protocol of spec §9.1 for one (problem, optimizer): {@code repeats} independent trainings,
 * each with fresh parameters, a fresh data order and a fresh optimizer, stacked along a leading repeat axis.
 * Run r's randomness is the r-th draw of the seed's stream.
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
    try {
      return run(problem, optimizer, repeats, epochs, seed == null ? new Random() : new Random(seed), null,
          listener);
    } catch (IOException e) {
      throw new IllegalStateException("no file is read or written without a partial evaluation", e);
    }
  }

  /**
   * As {@link #run(ImageClassifier, OptimizerFactory, int, int, Long, ProgressListener)} with the seed of
   * {@code partial}, taking the runs it finished earlier from it and recording each new run in it as soon as
   * it is done: an interrupted evaluation continues with the same result as one never interrupted.
   */
  public static RunStack run(ImageClassifier problem, OptimizerFactory optimizer, int repeats, int epochs,
      PartialEvaluation partial, ProgressListener listener) throws IOException {
    return run(problem, optimizer, repeats, epochs, new Random(partial.seed()), partial, listener);
  }

  private static RunStack run(ImageClassifier problem, OptimizerFactory optimizer, int repeats, int epochs,
      Random master, PartialEvaluation partial, ProgressListener listener) throws IOException {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeats);
    }
    TrainingHarness harness = new TrainingHarness(problem);
    RunStack stack = new RunStack();
    for (int r = 0; r < repeats; r++) {
      long runSeed = master.nextLong(); // drawn for every run, restored or not, so run r keeps its stream
      Optional<RunRecord> earlier = partial == null ? Optional.empty() : partial.load(r);
      if (earlier.isPresent()) {
        listener.on(new EvaluationEvents.RepeatRestored(r, repeats));
        stack.add(earlier.get());
        continue;
      }
      listener.on(new EvaluationEvents.RepeatStarted(r, repeats));
      RunRecord run = harness.train(optimizer, epochs, new Random(runSeed), listener);
      if (partial != null) {
        partial.save(r, run);
      }
      stack.add(run);
    }
    return stack;
  }
}
