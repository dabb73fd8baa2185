package org.l2o.strategies.run;

import java.util.Optional;
import org.l2o.strategies.Decision;

/**
 * What a call of {@link StrategyRunner#run} did.
 *
 * @param periodsTrained periods trained (and committed) by this call
 * @param lastDecision   the decision after the last committed period (this call's or, if it trained none, the one
 *                       recomputed from summary.csv); empty for a fresh directory that trained nothing
 * @param done           whether the strategy's schedule is complete
 */
public record RunResult(int periodsTrained, Optional<Decision> lastDecision, boolean done) {}
