/**
 * The original's learning-rate grid search (spec §9.6): where its result files live and the table of the best
 * learning rate per policy that {@code l2o baseline} can use.
 */
package org.l2o.eval.gridsearch;
