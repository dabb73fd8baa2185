/**
 * Running update rules as ordinary TensorFlow Java optimizers: {@link
 * org.l2o.policies.optimizer.PolicyOptimizer} runs any {@link org.l2o.core.policy.UpdateRule} (analytical
 * or learned) on the float32 variables of a user's graph, the Keras reference optimizers needed by the
 * baselines ({@link org.l2o.policies.optimizer.KerasAdam}, {@link org.l2o.policies.optimizer.KerasRmsProp},
 * {@link org.l2o.policies.optimizer.KerasSgd}) are update rules run the same way, and {@link
 * org.l2o.policies.optimizer.Baselines} names the original's {@code baseline.py} optimizers.
 */
package org.l2o.policies.optimizer;
