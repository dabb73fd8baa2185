/**
 * Training strategies (spec §6): which period, stage and repeat to train next, which checkpoint a period
 * continues from, and which checkpoint an experiment is evaluated with.
 *
 * <p>Everything in this package is pure: a {@link org.l2o.strategies.Strategy} is parsed from the config's
 * {@code strategy} dict ({@link org.l2o.strategies.Strategies}) and decides from the summary rows alone
 * ({@link org.l2o.strategies.History} in, {@link org.l2o.strategies.Decision} out). The driver that runs a
 * {@link org.l2o.core.train.Learner} and writes the experiment directory is in
 * {@link org.l2o.strategies.run}.
 */
package org.l2o.strategies;
