package org.l2o.experiment;

import java.util.List;
import org.l2o.core.train.LossWeighting;
import org.l2o.core.train.TeacherSpec;
import org.l2o.core.train.UnrollOptions;

/**
 * The config's {@code training} dict, typed (spec §2.1). {@code mean_stats} / {@code stack_stats} are the
 * experiment's {@link org.l2o.strategies.run.StatsSelection}.
 *
 * @param teachers             {@code teachers}, in order (loaded ones are read by {@link #resolveTeachers()})
 * @param unroll               the loss settings: {@code use_log_objective}, {@code scale_objective},
 *                             {@code loss_reduce}, {@code unroll_weight}, {@code epsilon}, {@code huber_delta},
 *                             {@code obj_train_max_multiplier}, {@code do_teacher_parameter_scale} (negated:
 *                             teachers see the true parameters when it is false), {@code second_order}
 * @param lossWeighting        {@code il_mode}
 * @param parameterScaleSpread {@code parameter_scale_spread}
 * @param clipping             {@code gradient_clipping}
 * @param stepCallbacks        {@code step_callbacks} (only WhichTeacherCountCallback is supported)
 * @param progressValues       {@code pbar_values} (the original's progress bar columns; informative only)
 * @param validationTeachers   {@code validation_teachers} (new key, default false): whether validation periods run
 *                             the teachers; nothing reads the validation imitation loss, so by default they do not
 */
public record TrainingSettings(List<TeacherSource> teachers, UnrollOptions unroll, LossWeighting lossWeighting,
    double parameterScaleSpread, ClippingSettings clipping, List<String> stepCallbacks,
    List<String> progressValues, boolean validationTeachers) {
  public TrainingSettings {
    teachers = List.copyOf(teachers);
    stepCallbacks = List.copyOf(stepCallbacks);
    progressValues = List.copyOf(progressValues);
  }

  /**
   * The teachers with their rules and weights, reading the experiments of {@code __load__} teachers.
   *
   * @throws org.l2o.core.json.ConfigException naming the teacher's config path and the file at fault
   */
  public List<TeacherSpec> resolveTeachers() {
    return teachers.stream().map(TeacherSource::resolve).toList();
  }
}
