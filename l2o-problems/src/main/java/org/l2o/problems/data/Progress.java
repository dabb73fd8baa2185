package org.l2o.problems.data;

/** Receives progress of fetches and imports; implementations decide how (and how often) to show it. */
public interface Progress {
  /** A progress sink that shows nothing. */
  Progress NONE = new Progress() {
    @Override public void message(String text) {}

    @Override public Transfer start(String label, long totalBytes) {
      return new Transfer() {
        @Override public void update(long doneBytes) {}

        @Override public void finish(long doneBytes) {}
      };
    }
  };

  /** A one-line status message, e.g. which route is tried. */
  void message(String text);

  /** Starts reporting a transfer of {@code totalBytes} ({@code -1} if unknown). */
  Transfer start(String label, long totalBytes);

  /** One running transfer. */
  interface Transfer {
    /** Bytes transferred so far. */
    void update(long doneBytes);

    /** The transfer ended after {@code doneBytes}. */
    void finish(long doneBytes);
  }
}
