/**
 * Policies (update rules) of the l2o project: the analytical teachers in
 * {@link org.l2o.policies.analytical} and their use as ordinary TensorFlow Java optimizers in
 * {@link org.l2o.policies.optimizer}.
 */
package org.l2o.policies;
