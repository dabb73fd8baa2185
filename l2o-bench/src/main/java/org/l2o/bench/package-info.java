/**
 * Benchmarks of meta-training: seconds per inner step of an unrolled truncation window (student alone or
 * with teachers, first or second order, training or forward only) as ratios to a plain Adam training step
 * timed in the same process, and the peak resident memory of a whole meta-training process per unroll
 * length, measured in child JVMs.
 */
package org.l2o.bench;
