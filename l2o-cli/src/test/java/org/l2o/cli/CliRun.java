package org.l2o.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the real CLI in-process and captures its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

  static synchronized CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.newCommandLine()
          .setOut(new java.io.PrintWriter(System.out, true))
          .setErr(new java.io.PrintWriter(System.err, true))
          .execute(args);
      return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The captured output, for assertion messages. */
  String transcript() {
    return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
