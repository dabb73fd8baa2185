package org.l2o.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.random.Seeds;

/**
 * Meta-training over several training problems (a config's {@code problems} list), as the original's
 * {@code learner.train(problems, ...)} (spec §5.1): every period runs the whole period on each problem in list
 * order, one student and one outer Adam throughout, and its statistics are those of all problems (the mean over
 * problems of each problem's mean, which is the mean over all meta-steps since every problem has the same
 * count). Each problem has its own {@link MetaLearner} (its graphs and workers); the first holds the student's
 * weights and outer Adam between problems and is the one saved and restored.
 *
 * <p>Randomness: a validation period gives every problem the same seed (the original sets {@code validation_seed}
 * for each); a training period's problem i &gt; 0 takes a seed derived from the period's ({@link Seeds#PROBLEM}),
 * problem 0 the period's own, so a one-problem run is exactly a plain {@link MetaLearner}'s.
 */
public final class ProblemSequenceLearner implements Learner, AutoCloseable {

  private final List<MetaLearner> learners;

  /** @param learners one per training problem, in list order, all of the same student */
  public ProblemSequenceLearner(List<MetaLearner> learners) {
    if (learners.isEmpty()) {
      throw new IllegalArgumentException("at least one training problem is needed");
    }
    this.learners = List.copyOf(learners);
  }

  /**
   * The learners, one per problem (the first holds the training state).
   *
   * @return the learners, in problem order
   */
  public List<MetaLearner> learners() {
    return learners;
  }

  @Override
  public PeriodResult run(PeriodArgs args, ProgressListener listener) {
    MetaLearner holder = learners.get(0);
    if (learners.size() == 1) {
      return holder.run(args, listener);
    }
    List<PeriodResult> results = new ArrayList<>();
    for (int i = 0; i < learners.size(); i++) {
      MetaLearner l = learners.get(i);
      if (i > 0) {
        copyState(holder, l);
      }
      results.add(l.run(i == 0 ? args : argsOf(args, i), listener));
      if (i > 0) {
        copyState(l, holder);
      }
    }
    return concat(results);
  }

  private static PeriodArgs argsOf(PeriodArgs args, int problem) {
    if (args.validation() || args.seed() == null) {
      return args;
    }
    return new PeriodArgs(args.unrollLength(), args.depth(), args.epochs(), args.warmup(), args.warmupRate(),
        args.pTeacher(), args.validation(), Seeds.derive(args.seed(), Seeds.PROBLEM, problem));
  }

  private static void copyState(MetaLearner from, MetaLearner to) {
    to.setWeights(from.weights());
    OuterAdam o = from.outer();
    to.outer().restore(o.iterations(), o.firstMoments(), o.secondMoments());
  }

  /** The problems' statistics one after the other (meta-steps of problem 0, then of problem 1, ...). */
  static PeriodResult concat(List<PeriodResult> results) {
    int steps = 0;
    int teachers = results.get(0).teacherDivergences().length;
    for (PeriodResult r : results) {
      steps += r.metaLoss().length;
    }
    float[] meta = new float[steps];
    float[] imitation = new float[steps];
    float[][] counts = new float[steps][];
    int[] divergences = new int[teachers];
    int skipped = 0;
    double seconds = 0;
    int at = 0;
    for (PeriodResult r : results) {
      int n = r.metaLoss().length;
      System.arraycopy(r.metaLoss(), 0, meta, at, n);
      System.arraycopy(r.imitationLoss(), 0, imitation, at, n);
      System.arraycopy(r.teacherCounts(), 0, counts, at, n);
      for (int k = 0; k < teachers; k++) {
        divergences[k] += r.teacherDivergences()[k];
      }
      skipped += r.skippedUpdates();
      seconds += r.seconds();
      at += n;
    }
    return new PeriodResult(meta, imitation, counts, skipped, divergences, seconds);
  }

  @Override
  public void save(Path prefix) throws IOException {
    learners.get(0).save(prefix);
  }

  @Override
  public void restore(Path prefix) throws IOException {
    learners.get(0).restore(prefix);
  }

  @Override
  public int problemCount() {
    return learners.size();
  }

  @Override
  public int teacherCount() {
    return learners.get(0).teacherCount();
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (MetaLearner l : learners) {
      try {
        l.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
