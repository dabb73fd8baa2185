package org.l2o.strategies.run;

import java.io.IOException;

/**
 * An experiment directory whose files contradict each other, e.g. a {@code summary.csv} row whose checkpoint is
 * missing; the message names the file and the row.
 */
public class ExperimentStateException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the files involved. */
  public ExperimentStateException(String message) {
    super(message);
  }
}
