/**
 * The original system's own analytical update rules (Adam with constant bias correction, RMSProp,
 * SGD, EMA momentum, PowerSign, AddSign), exactly as the specification defines them, including the
 * quirks that make them differ from the Keras optimizers of the same names. They are the teachers and
 * the pool members of the choice policies. Build them from the original's config dicts with
 * {@link org.l2o.policies.analytical.AnalyticalRules#fromSpec}.
 */
package org.l2o.policies.analytical;
