package org.l2o.strategies;

import java.util.OptionalInt;

/** Argument checks shared by the strategies. */
final class Periods {
  private Periods() {}

  /** Simple and repeat positions have stage 0 (and simple ones repeat 0). */
  static void requireStageZero(StrategyKind kind, Position p) {
    if (p.stage() != 0 || (kind == StrategyKind.SIMPLE && p.repeat() != 0)) {
      throw new IllegalArgumentException(p + " is not a position of the " + kind.cliName() + " strategy");
    }
  }

  /** The record of {@code p}, which the caller says was just trained. */
  static PeriodRecord require(History history, Position p) {
    return history.find(p).orElseThrow(() -> new IllegalArgumentException(
        "the history has no row for " + history.kind().label(p) + " (" + history.kind().checkpointName(p) + ")"));
  }

  /** Strategies without stages take no stage selection. */
  static void rejectStage(StrategyKind kind, OptionalInt stage) {
    if (stage.isPresent()) {
      throw new IllegalArgumentException("the " + kind.cliName() + " strategy has no stages, got stage "
          + stage.getAsInt());
    }
  }
}
