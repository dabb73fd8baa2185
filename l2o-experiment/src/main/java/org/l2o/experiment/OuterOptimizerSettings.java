package org.l2o.experiment;

import org.l2o.core.train.OuterAdam;

/**
 * The config's {@code optimizer}: {@code {"class_name": "Adam", "config": {...}}} (Keras Adam, the outer
 * optimizer of the student's weights); absent config keys take Keras' values.
 *
 * @param learningRate {@code learning_rate}
 * @param beta1        {@code beta_1}
 * @param beta2        {@code beta_2}
 * @param epsilon      {@code epsilon}
 */
public record OuterOptimizerSettings(double learningRate, double beta1, double beta2, double epsilon) {
  /** A fresh outer optimizer (its moments start at zero) with these settings. */
  public OuterAdam toOuterAdam() {
    return new OuterAdam(learningRate, beta1, beta2, epsilon);
  }
}
