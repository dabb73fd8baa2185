package org.l2o.problems.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A time bound for one read in a property test, so that a reader that hangs on some input fails the property
 * instead of the build. Exceptions of the read pass through unchanged. (A copy of l2o-core's test class.)
 */
final class Bounded {
  /** Generous for inputs of a few hundred bytes; a hang is what it catches, not slowness. */
  public static final Duration LIMIT = Duration.ofSeconds(10);

  private Bounded() {}

  /** Runs {@code read} and returns its value; fails if it takes longer than {@link #LIMIT}. */
  public static <T> T within(Callable<T> read) throws Exception {
    return assertTimeoutPreemptively(LIMIT, read::call);
  }
}
