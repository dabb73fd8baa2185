/**
 * The driver of a training strategy: runs a {@link org.l2o.core.train.Learner} period after period and writes the
 * experiment directory ({@code summary.csv}, {@code checkpoint/}, {@code log/}; spec §6.5), resuming cleanly
 * from what an earlier run left there. Progress is reported to a {@link org.l2o.core.event.ProgressListener} as
 * {@link org.l2o.strategies.run.StrategyEvents}.
 */
package org.l2o.strategies.run;
