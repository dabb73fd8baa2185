package org.l2o.core.event;

/**
 * Receives the {@link ProgressEvent}s of long work, on the thread that does the work. The one progress mechanism
 * of the project: meta-training, strategies and evaluation all report through it.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores everything. */
  ProgressListener NONE = event -> {};

  /**
   * Called for every event, in the order they happen.
   *
   * @param event the event
   */
  void on(ProgressEvent event);

  /**
   * A listener that hands each event to this one, then to {@code next}.
   *
   * @param next the listener that gets each event second
   * @return the combined listener
   */
  default ProgressListener andThen(ProgressListener next) {
    return event -> {
      on(event);
      next.on(event);
    };
  }
}
