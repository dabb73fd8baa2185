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
 * @param segmentLength        {@code segment_length} (new key): TRAIN windows longer than this run in segments of at
 *                             most this many steps, recomputed in the backward pass (memory grows with the segment,
 *                             not the unroll); 0 runs whole windows. The result is the same up to float rounding.
 */
public record TrainingSettings(List<TeacherSource> teachers, UnrollOptions unroll, LossWeighting lossWeighting,
    double parameterScaleSpread, ClippingSettings clipping, List<String> stepCallbacks,
    List<String> progressValues, boolean validationTeachers, int segmentLength) {
  /**
   * {@code segment_length} of configs written before the key existed: whole windows, as they ran (so that their
   * resumed runs stay bit-identical). New configs take the defaults' 20.
   */
  public static final int SEGMENT_LENGTH_WHEN_ABSENT = 0;

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
