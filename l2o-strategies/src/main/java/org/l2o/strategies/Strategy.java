package org.l2o.strategies;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A training strategy (spec §6): the settings parsed from the config's {@code strategy} dict and the pure
 * decision logic over the periods trained so far. Implementations are immutable and do no I/O; the driver is
 * {@link org.l2o.strategies.run.StrategyRunner}.
 */
public sealed interface Strategy permits SimpleStrategy, RepeatStrategy, CurriculumStrategy {

  /** Which strategy this is. */
  StrategyKind kind();

  /** Seed of every validation period ({@code validation_seed}). */
  long validationSeed();

  /** The position of the very first period: (0, 0, 0). */
  default Position first() {
    return Position.START;
  }

  /** The training and validation arguments of the period at {@code p}. */
  PeriodPlan plan(Position p);

  /**
   * Decides what follows the period {@code finished}, whose row must be in {@code history} (together with every
   * earlier row).
   *
   * @throws IllegalArgumentException if {@code finished} is not in {@code history} or not a position of this kind
   * @throws IllegalStateException    if {@code history} lacks a row the rules need (e.g. the previous period)
   */
  Decision decide(Position finished, History history);

  /**
   * The checkpoint an experiment is evaluated or packaged with when none is named (spec §6.2, §6.3).
   *
   * @return empty if {@code history} is empty
   */
  Optional<Position> defaultCheckpoint(History history);

  /**
   * Completes a partial checkpoint selection as the original's {@code evaluate.py --periods/--stages} does:
   * repeat: a period means its latest repeat; curriculum: a stage means its best period and repeat, a stage and
   * period the best repeat of that period (a period alone is taken in the last stage); nothing given means
   * {@link #defaultCheckpoint}.
   *
   * @return empty if no row matches
   * @throws IllegalArgumentException if a stage is given to a strategy without stages
   */
  Optional<Position> select(History history, OptionalInt stage, OptionalInt period);

  /** The warm-up an evaluation of a policy trained with this strategy uses. */
  EvaluationSettings evaluationSettings();

  /** The checkpoint and log base name of {@code p}. */
  default String checkpointName(Position p) {
    return kind().checkpointName(p);
  }
}
