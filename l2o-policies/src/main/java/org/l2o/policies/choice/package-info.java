/**
 * The choice policies of optimal-choice amalgamation (spec §4.5): an LSTM that weighs the updates of a pool of
 * analytical rules per coordinate ({@link org.l2o.policies.choice.ChoicePolicy}), configured as the original's
 * {@code AbstractChoiceOptimizer} ({@link org.l2o.policies.choice.ChoiceConfig}).
 */
package org.l2o.policies.choice;
