package org.l2o.core.tensorboard;

/**
 * One point of a TensorBoard scalar series.
 *
 * @param step     the global step (x axis)
 * @param value    the value
 * @param wallTime seconds since the epoch when it was written
 */
public record ScalarPoint(long step, float value, double wallTime) {}
