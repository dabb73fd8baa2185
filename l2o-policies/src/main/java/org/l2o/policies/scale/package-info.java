/**
 * The Scale baseline of the paper: Wichrowska et al. 2017's hierarchical learned optimizer
 * ({@link org.l2o.policies.scale.ScaleHierarchical}, spec §4.6), with per-coordinate, per-tensor and global GRUs.
 */
package org.l2o.policies.scale;
