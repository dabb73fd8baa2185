package org.l2o.eval.stats;

/**
 * The REML fit of a one-way random-effects model {@code y_ij = mu + b_i + e_ij} ({@link OneWayReml}).
 *
 * @param groups             number of groups k (replicates)
 * @param observations       number of observations N (evaluation runs of all replicates)
 * @param mean               GLS estimate of mu at the REML variances
 * @param meanInterval       95% t interval of mu: mean ± t(0.975, k - 1) · sqrt(1 / sum_i w_i)
 * @param meanSe             standard error of the mean, sqrt(1 / sum_i w_i) with w_i = n_i / (s^2 + n_i s_b^2)
 * @param meanDf             degrees of freedom of that interval, k - 1
 * @param groupSd            REML estimate of the between-group SD s_b (meta-stability); 0 at the boundary
 * @param groupSdInterval    95% profile-likelihood interval of s_b
 * @param residualSd         REML estimate of the residual SD s (evaluation stability)
 * @param residualSdInterval 95% profile-likelihood interval of s
 * @param deviance           minus twice the restricted log-likelihood at the estimate (lme4's REML criterion)
 */
public record RandomInterceptFit(int groups, int observations, double mean, Interval meanInterval, double meanSe,
    int meanDf,
    double groupSd, Interval groupSdInterval, double residualSd, Interval residualSdInterval, double deviance) {}
