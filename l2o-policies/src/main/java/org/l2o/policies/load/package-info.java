/**
 * Learned optimizers as files (spec §11): {@link org.l2o.policies.load.L2O} reads and writes a package folder
 * ({@code config.json} + the weights bundle {@code weights.index} / {@code weights.data-00000-of-00001}) and
 * returns a {@link org.l2o.policies.load.LearnedOptimizer}, the Java counterpart of the original's
 * {@code l2o.load}; {@code org.l2o.experiment.packages.OriginalImport} (l2o-experiment) turns one of the original's released RNNProp
 * checkpoints into such a package.
 */
package org.l2o.policies.load;
