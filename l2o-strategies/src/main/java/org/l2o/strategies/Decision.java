package org.l2o.strategies;

import java.util.Objects;
import java.util.Optional;

/**
 * What a strategy decided after a period.
 *
 * @param action   what happens next
 * @param finished the period just finished (or, on resume, the last period in {@code summary.csv})
 * @param next     the next period to train; empty when {@link Action#DONE}
 * @param reload   the checkpoint the learner must restore before the next period; empty when the next period
 *                 continues from the weights of the period just finished
 * @param line     the one-line decision log, e.g. {@code stage 1 period 3: repeat 1, validation 0.42 > 0.31 +
 *                 50% = 0.465}
 */
public record Decision(Action action, Position finished, Optional<Position> next, Optional<Position> reload,
    String line) {

  /** What happens after a period. */
  public enum Action {
    /** Train the next period (of the same stage). */
    NEXT_PERIOD,
    /** Train the same period again (next repeat index), from the reload checkpoint. */
    REPEAT,
    /** Curriculum: start the next stage from the best checkpoint of the stage just ended. */
    NEXT_STAGE,
    /** The schedule is complete. */
    DONE
  }

  /** Checks that {@code next} is present exactly when not done, and that a repeat has a reload target. */
  public Decision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(line, "line");
    if (next.isPresent() == (action == Action.DONE)) {
      throw new IllegalArgumentException("a " + action + " decision " + (action == Action.DONE ? "has no" : "needs a")
          + " next position: " + line);
    }
  }

  /** Whether the schedule is complete. */
  public boolean done() {
    return action == Action.DONE;
  }

  /** The checkpoint whose weights the next period starts from: the reload target, else the finished period. */
  public Position startingPoint() {
    return reload.orElse(finished);
  }

  @Override
  public String toString() {
    return line;
  }
}
