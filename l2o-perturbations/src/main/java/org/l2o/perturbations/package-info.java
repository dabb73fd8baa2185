/**
 * The weight perturbations of stability-aware amalgamation (spec §8 with the §17 errata), on the engine's
 * {@link org.l2o.core.perturbation.Perturbation} contract: Gaussian noise drawn in the graph at every use of a
 * weight ({@link org.l2o.perturbations.GaussianNoise}, absolute or relative to the tensor's RMS), the adversarial
 * offsets chosen by ascent steps before each training meta pass ({@link org.l2o.perturbations.Fgsm},
 * {@link org.l2o.perturbations.Pgd}, {@link org.l2o.perturbations.AdaptivePgd}) and noise drawn once per window
 * ({@link org.l2o.perturbations.PersistentGaussian}). {@link org.l2o.perturbations.Perturbations} reads the
 * original's {@code policy/perturbation} spec {@code {class_name, config}}.
 */
package org.l2o.perturbations;
