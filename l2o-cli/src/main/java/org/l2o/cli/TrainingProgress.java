package org.l2o.cli;

import java.util.HashMap;
import java.util.Map;
import org.l2o.core.event.ProgressEvent;
import org.l2o.core.event.ProgressListener;
import org.l2o.core.train.MetaTrainingEvents;
import org.l2o.core.train.PeriodResult;
import org.l2o.strategies.PeriodPlan;
import org.l2o.strategies.run.ResumePoint;
import org.l2o.strategies.run.StrategyEvents;

/**
 * Shows meta-training on stderr: a progress bar per period (meta loss, imitation loss, time left of the
 * period), a summary line per period and the strategy's one-line decision.
 */
final class TrainingProgress implements ProgressListener {
  private final ConsoleProgress progress;
  private PeriodPlan plan;
  private long periodStart;
  private long phaseStart;
  private boolean validating;
  private double metaSum;
  private double imitationSum;
  private int count;
  /** The teachers that diverged in the current period, by index, with their names. */
  private final Map<Integer, String> divergedTeachers = new HashMap<>();

  TrainingProgress(ConsoleProgress progress) {
    this.progress = progress;
  }

  @Override
  public void on(ProgressEvent event) {
    if (event instanceof StrategyEvents.RunStarted e) {
      onStart(e.start());
    } else if (event instanceof StrategyEvents.CheckpointRestored e) {
      progress.line("restored " + e.prefix().getFileName() + " (policy weights and outer optimizer)");
    } else if (event instanceof StrategyEvents.PeriodStarted e) {
      onPeriodStart(e.plan());
    } else if (event instanceof MetaTrainingEvents.MetaStep e) {
      onMetaStep(e);
    } else if (event instanceof MetaTrainingEvents.SkippedUpdate e) {
      progress.line("meta-step " + (e.step() + 1) + ": " + e.reason() + "; update skipped");
    } else if (event instanceof MetaTrainingEvents.TeacherDiverged e) {
      if (divergedTeachers.putIfAbsent(e.teacher(), e.name()) == null) { // once per period; the period line counts
        progress.line("warning: meta-step " + (e.step() + 1) + ": " + teacher(e.teacher()) + " diverged"
            + " (its imitation distance is not finite, so the imitation loss is not either)");
      }
    } else if (event instanceof StrategyEvents.PeriodEnded e) {
      onPeriodEnd(e.plan(), e.training(), e.validation());
    } else if (event instanceof StrategyEvents.DecisionMade e) {
      progress.line(e.decision().line());
    }
  }

  private void onStart(ResumePoint start) {
    if (start.done()) {
      progress.line("the schedule of this experiment is already complete; nothing to train");
    } else if (!start.fresh()) {
      start.next().ifPresent(p -> progress.line("resuming at " + start.history().kind().label(p)));
    }
  }

  private void onPeriodStart(PeriodPlan p) {
    plan = p;
    periodStart = System.nanoTime();
    phaseStart = periodStart;
    validating = false;
    metaSum = 0;
    imitationSum = 0;
    count = 0;
    divergedTeachers.clear();
    progress.line(String.format("%s: unroll %d, depth %d, epochs %d, warmup %d, p_teacher %s", p.label(),
        p.training().unrollLength(), p.training().depth(), p.training().epochs(), p.training().warmup(),
        p.training().pTeacher()));
  }

  private void onMetaStep(MetaTrainingEvents.MetaStep e) {
    boolean validation = e.validation();
    int step = e.step();
    int steps = e.steps();
    if (validation != validating) {
      validating = validation;
      phaseStart = System.nanoTime();
      metaSum = 0;
      imitationSum = 0;
      count = 0;
    }
    metaSum += e.metaLoss();
    imitationSum += e.imitationLoss();
    count++;
    double elapsed = (System.nanoTime() - phaseStart) / 1e9;
    double left = elapsed / (step + 1) * (steps - step - 1);
    progress.update(String.format("%s %s %s %d/%d meta %.4f imitation %.4f, %s left", plan == null ? "" : plan.label(),
        validation ? "validation" : "training", ConsoleProgress.bar((step + 1.0) / steps, 20), step + 1, steps,
        metaSum / count, imitationSum / count, ConsoleProgress.duration(left)), step + 1 == steps);
  }

  private void onPeriodEnd(PeriodPlan p, PeriodResult training, PeriodResult validation) {
    StringBuilder notes = new StringBuilder();
    int steps = training.metaLoss().length;
    if (training.noUpdateApplied()) {
      notes.append(" (failed: all ").append(steps).append(" updates skipped, the weights did not change)");
    } else if (training.skippedUpdates() > 0) {
      notes.append(" (").append(training.skippedUpdates()).append(" of ").append(steps).append(" updates skipped)");
    }
    int[] diverged = training.teacherDivergences();
    for (int k = 0; k < diverged.length; k++) {
      if (diverged[k] > 0) {
        notes.append("; ").append(teacher(k)).append(" diverged in ").append(diverged[k])
            .append(" of ").append(steps).append(" meta-steps");
      }
    }
    progress.line(String.format("%s done in %s: meta_loss %.4f imitation_loss %.4f validation %.4f%s", p.label(),
        ConsoleProgress.duration((System.nanoTime() - periodStart) / 1e9), training.meanMetaLoss(),
        training.meanImitationLoss(), validation.meanMetaLoss(), notes));
  }

  /** "teacher 0 (Adam)", the index as in training/teachers and the teacher_k_diverged column. */
  private String teacher(int k) {
    String name = divergedTeachers.get(k);
    return "teacher " + k + (name == null ? "" : " (" + name + ")");
  }
}
