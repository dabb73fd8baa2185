package org.l2o.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.perturbation.Perturbation;
import org.l2o.core.perturbation.WeightTransform;

/**
 * Validation without the teachers (the default) gives exactly the validation meta loss of a validation with them
 * (the student's trajectory does not depend on the teachers) and does not build the teachers' graphs; training
 * always runs them.
 */
class ValidationTeachersTest {
  private static final PeriodArgs VALIDATION = new PeriodArgs(3, 2, 2, 1, 0.05, 0.0, true, 42L);
  private static final PeriodArgs TRAINING = new PeriodArgs(3, 1, 1, 0, 0.0, 0.5, false, 43L);

  private static MetaLearner learner(boolean validationTeachers) {
    TinyProblem problem = new TinyProblem(256, 8, 3);
    MetaWorker worker = new MetaWorker(problem, problem.trainData(), TinyRules.learned(),
        List.of(TeacherSpec.of(TinyRules.sgd(0.1f)), TeacherSpec.of(TinyRules.sgd(0.5f))), WeightTransform.IDENTITY,
        UnrollOptions.defaults(), MetaWorker.DEFAULT_SCALE_SPREAD);
    return new MetaLearner(worker, LossWeighting.SUM, AdaptiveGradientClipping.defaults(),
        OuterAdam.withLearningRate(1e-3), Perturbation.NONE, 7L, validationTeachers);
  }

  @Test
  void validationWithoutTeachersHasTheSameMetaLossAndBuildsNoTeacherGraph() {
    try (MetaLearner without = learner(false); MetaLearner with = learner(true)) {
      PeriodResult a = without.run(VALIDATION, ProgressListener.NONE);
      PeriodResult b = with.run(VALIDATION, ProgressListener.NONE);
      assertThat(a.metaLoss()).containsExactly(b.metaLoss());
      assertThat(b.meanImitationLoss()).isNotZero();
      assertThat(a.meanImitationLoss()).isZero();
      assertThat(a.teacherCounts()[0]).containsExactly(0f, 0f);
      // warm-up and validation graphs, without teachers only
      assertThat(without.worker().graphCount()).isEqualTo(2);
      assertThat(((UnrollGraph) without.worker().graph(3, UnrollGraph.Mode.VALIDATE, false)).teacherSlots()).isEmpty();

      PeriodResult trained = without.run(TRAINING, ProgressListener.NONE);
      assertThat(trained.meanImitationLoss()).isNotZero();
      assertThat(without.worker().graphCount()).isEqualTo(3);
    }
  }
}
