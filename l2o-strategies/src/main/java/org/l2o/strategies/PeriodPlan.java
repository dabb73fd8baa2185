package org.l2o.strategies;

import org.l2o.core.train.PeriodArgs;

/**
 * What one period runs: its position, checkpoint name, and the training and validation arguments.
 *
 * @param position   where the period sits in the schedule
 * @param name       checkpoint and log base name, e.g. {@code stage_1.3.0}
 * @param label      human-readable position, e.g. {@code stage 1 period 3}
 * @param training   training arguments
 * @param validation validation arguments (p_teacher 0, seed = validation_seed)
 */
public record PeriodPlan(Position position, String name, String label, PeriodArgs training,
    PeriodArgs validation) {}
