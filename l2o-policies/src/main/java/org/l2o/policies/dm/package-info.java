/**
 * The DM baseline of the paper ("Original"): Andrychowicz et al. 2016's coordinate-wise LSTM optimizer on the raw
 * gradient ({@link org.l2o.policies.dm.DmOptimizer}, spec §4.6).
 */
package org.l2o.policies.dm;
