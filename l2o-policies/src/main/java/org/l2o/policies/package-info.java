/**
 * Policies (update rules) of the l2o project: the analytical teachers in
 * {@link org.l2o.policies.analytical}, the RNNProp student in {@link org.l2o.policies.rnnprop}, the choice policies in
 * {@link org.l2o.policies.choice}, the shared moment
 * helpers ({@link org.l2o.policies.Moments}), the policy registry ({@link org.l2o.policies.registry}), their use as
 * ordinary TensorFlow Java optimizers in {@link org.l2o.policies.optimizer} and packages in
 * {@link org.l2o.policies.load}.
 */
package org.l2o.policies;
