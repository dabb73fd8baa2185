package org.l2o.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one clear line on stderr and exit status 1; the stack trace is
 * printed only with {@code -Dl2o.debug=true}. Expected user errors (bad input files, bad config) are
 * {@link IllegalArgumentException}, {@link IllegalStateException} or {@link java.io.IOException}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message));
    if (Boolean.getBoolean("l2o.debug")) {
      ex.printStackTrace(cmd.getErr());
    } else if (!(ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
        || ex instanceof java.io.IOException)) {
      cmd.getErr().println("(run with L2O_JAVA_OPTS=-Dl2o.debug=true for the stack trace)");
    }
    return 1;
  }
}
